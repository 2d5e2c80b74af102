"""The dates and figures of the law the registry's rules depend on, each with its source, in one
place: configuration (portal/config.py), read here for the importer and the pages.

The law changes them; a deployment sets the new value without a release, and the source says
which act a value comes from, to be checked when it changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app, has_app_context


@dataclass(frozen=True)
class RegistryRules:
    # From this day children are "under 7" (no group) or "7 to 18"; before it "under 16" (no
    # group) or "16 to 18": MLSPP Order No. 260 of 29.06.2023 (the MSE rules under the Social Code
    # of 20.04.2023 No. 224-VII) took effect on 1 July 2023 (DOMAIN.md §2.2, §5.2).
    child_categories_changed_on: dt.date = dt.date(2023, 7, 1)
    # A sign-language specialist's hours a year, for a programme item kept without them: the last
    # confirmed figure is 60 (the order of the Minister of Labour No. 26 of 2015 as amended in 2017;
    # the seed's 30 is the 2005 norm), and the cap under the Social Code is not confirmed
    # (DOMAIN.md §1.14, §8). So it is a setting that names its source, not law written in code.
    sign_language_hours_default: int = 60
    sign_language_hours_source: str = "Order of the Minister of Labour No. 26 of 2015, as amended in 2017"
    # The most hours a year an imported programme item may give; more is taken for a mistake.
    sign_language_hours_max: int = 240

    @classmethod
    def from_config(cls, config) -> RegistryRules:
        return cls(child_categories_changed_on=dt.date.fromisoformat(str(config["CHILD_CATEGORIES_CHANGED_ON"])),
                   sign_language_hours_default=int(config["SIGN_LANGUAGE_HOURS_DEFAULT"]),
                   sign_language_hours_source=config["SIGN_LANGUAGE_HOURS_SOURCE"],
                   sign_language_hours_max=int(config["SIGN_LANGUAGE_HOURS_MAX"]))


def current_rules() -> RegistryRules:
    """The running app's rules; the defaults outside an app (a script reading a file)."""
    return RegistryRules.from_config(current_app.config) if has_app_context() else RegistryRules()
