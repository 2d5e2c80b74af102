"""The display settings and the one cookie that keeps them.

The cookie holds only the settings that differ from standard, as `text=large&colours=dark`. It is
read strictly: an unknown name or value, a repeated name or anything malformed is ignored and that
setting stays standard, so a cookie changed by hand never breaks a page.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

COOKIE_NAME = "display"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60  # a year: set once, the pages stay readable on this device
STANDARD = "standard"

# Each setting and its values, standard first. The values are the cookie's and the CSS classes'
# (display-text-large …): never rename one, or people lose the settings they chose.
CHOICES: dict[str, tuple[str, ...]] = {
    "text": (STANDARD, "large", "largest"),
    "colours": (STANDARD, "high", "dark"),
    "spacing": (STANDARD, "wide"),
}
# Longer than any valid value; anything longer is not ours and is not parsed at all.
MAX_COOKIE_LENGTH = 100


@dataclass(frozen=True)
class DisplaySettings:
    text: str = STANDARD
    colours: str = STANDARD
    spacing: str = STANDARD

    def __post_init__(self):
        for name, allowed in CHOICES.items():
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name}={getattr(self, name)!r} is not one of {allowed}")

    @property
    def is_standard(self) -> bool:
        return self == DisplaySettings()

    def changed(self) -> dict[str, str]:
        """The settings that differ from standard, in the order of CHOICES."""
        return {name: getattr(self, name) for name in CHOICES if getattr(self, name) != STANDARD}

    def css_classes(self) -> str:
        """The classes of <html>, e.g. "display-text-large display-colours-dark"; "" when standard."""
        return " ".join(f"display-{name}-{value}" for name, value in self.changed().items())

    def cookie_value(self) -> str:
        return "&".join(f"{name}={value}" for name, value in self.changed().items())

    def as_dict(self) -> dict[str, str]:
        return dataclasses.asdict(self)


def from_cookie(value: str | None) -> DisplaySettings:
    """The settings a cookie holds; standard for whatever it does not hold correctly."""
    if not value or len(value) > MAX_COOKIE_LENGTH:
        return DisplaySettings()
    found: dict[str, str] = {}
    repeated: set[str] = set()
    for part in value.split("&"):
        name, sep, setting = part.partition("=")
        if not sep or name not in CHOICES or setting not in CHOICES[name]:
            continue
        if name in found:
            repeated.add(name)
        found[name] = setting
    return DisplaySettings(**{name: setting for name, setting in found.items() if name not in repeated})
