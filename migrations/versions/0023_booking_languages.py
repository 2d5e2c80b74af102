"""booking.sign_language and booking.spoken_language: the interpreter must know both (issue #22,
rule 2); empty on the bookings made before.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 09:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sign_language', sa.Enum(
            'kazakh_sign', 'russian_sign', name='booking_sign_language', native_enum=False, create_constraint=True,
            length=32), nullable=True))
        batch_op.add_column(sa.Column('spoken_language', sa.Enum(
            'kazakh', 'russian', name='booking_spoken_language', native_enum=False, create_constraint=True,
            length=32), nullable=True))


def downgrade():
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_booking_booking_spoken_language'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_booking_booking_sign_language'), type_='check')
        batch_op.drop_column('spoken_language')
        batch_op.drop_column('sign_language')
