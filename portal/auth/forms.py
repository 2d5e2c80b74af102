from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError

from portal.forms import Form
from portal.iin import InvalidIIN, parse_iin

IIN_ERRORS = {
    "format": _l("Enter your IIN: 12 digits, as on your identity card"),
    "century": _l("Check your IIN: the 7th digit of a person's IIN is from 1 to 6"),
    "date": _l("Check your IIN: its first 6 digits are your date of birth"),
    "check_digit": _l("Check your IIN: one of the digits is wrong"),
}


def digits_only(value: str | None) -> str:
    """People type IINs and codes with spaces or dashes; only the digits count."""
    return "".join(c for c in (value or "") if not c.isspace() and c != "-")


class IINForm(Form):
    iin = StringField(
        _l("Individual identification number (IIN)"),
        description=_l("12 digits. You can find it on your identity card or passport."),
        filters=[digits_only],
    )

    def validate_iin(self, field):
        if not field.data:
            raise ValidationError(_l("Enter your IIN"))
        try:
            parse_iin(field.data)
        except InvalidIIN as error:
            raise ValidationError(IIN_ERRORS[error.reason]) from None


class CodeForm(Form):
    code = StringField(
        _l("Code from the text message"),
        description=_l("6 digits, for example 123456."),
        filters=[digits_only],
    )

    def validate_code(self, field):
        if not field.data:
            raise ValidationError(_l("Enter the code from the text message"))
        if len(field.data) != 6 or not field.data.isascii() or not field.data.isdigit():
            raise ValidationError(_l("Enter the 6 digits of the code from the text message"))


# A password staff and interpreters choose: long enough that a few unrelated words make one.
MIN_PASSWORD_LENGTH = 12


class NewPasswordForm(Form):
    """Staff and interpreters choose their own password (RoleSession.password_page)."""

    password = PasswordField(_l("New password"), validators=[
        InputRequired(_l("Enter a new password")),
        Length(min=MIN_PASSWORD_LENGTH, message=_l("Make the password at least %(min)d characters long"))])
    confirm = PasswordField(_l("The new password again"), validators=[
        InputRequired(_l("Enter the new password again")),
        EqualTo("password", message=_l("The two passwords are not the same"))])


class PasswordSignInForm(Form):
    """Staff and interpreters sign in with a username and password."""

    username = StringField(_l("Username"), validators=[InputRequired(_l("Enter your username"))])
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your password"))])


class AppCodeForm(Form):
    """The code of the authenticator app, the second factor of staff and interpreters."""

    code = StringField(
        _l("Code from the authenticator app"),
        description=_l("6 digits, as the app shows them now, for example 123456."),
        filters=[digits_only],
    )

    def validate_code(self, field):
        if not field.data:
            raise ValidationError(_l("Enter the code from the authenticator app"))
        if len(field.data) != 6 or not field.data.isascii() or not field.data.isdigit():
            raise ValidationError(_l("Enter the 6 digits the authenticator app shows now"))


class RecoveryCodeForm(Form):
    """One of the recovery codes, instead of the app's code."""

    code = StringField(
        _l("Recovery code"),
        description=_l("10 letters and digits, as on your list, for example 4kx7m-2pq9w."),
        validators=[InputRequired(_l("Enter one of your recovery codes"))],
    )
