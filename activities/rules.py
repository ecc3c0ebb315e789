"""The rules of the domain, as pure functions the models, forms and services share."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

#: SFI course codes: study path 1 = 1A–1D, path 2 = 2B–2D, path 3 = 3C–3D.
COURSE_CODES = ("1A", "1B", "1C", "1D", "2B", "2C", "2D", "3C", "3D")
#: Civic orientation must give at least 100 hours (SFS 2010:1138, since 1 May 2020).
CIVIC_MIN_HOURS = 100
OUTCOMES = ("completed", "dropped", "continuing")
SEXES = ("women", "men")

_ORG_NUMBER = re.compile(r"^(\d{6})-?(\d{4})$")


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check used by Swedish personal and organisation numbers."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def normalise_org_number(value: str) -> str:
    """ "2120000142" and "212000-0142" both become "212000-0142"; other text is returned as is."""
    value = (value or "").strip().replace(" ", "")
    match = _ORG_NUMBER.match(value)
    return f"{match[1]}-{match[2]}" if match else value


def org_number_error(value: str) -> str | None:
    """None for a valid organisation number, else the message to show."""
    match = _ORG_NUMBER.match((value or "").strip().replace(" ", ""))
    if not match:
        return _("Organisationsnumret ska ha tio siffror, till exempel 212000-0142.")
    if not luhn_ok(match[1] + match[2]):
        return _(
            "Organisationsnumret stämmer inte: kontrollsiffran (den sista) är fel. "
            "Kontrollera numret mot registreringsbeviset."
        )
    return None


def civic_hours_error(hours: int | None) -> str | None:
    if hours is None or hours < CIVIC_MIN_HOURS:
        return _(
            "Samhällsorientering ska omfatta minst %(min)s timmar enligt förordningen om "
            "samhällsorientering för vissa nyanlända invandrare (SFS 2010:1138) sedan 2020."
        ) % {"min": CIVIC_MIN_HOURS}
    return None


def with_check_digit(nine_digits: str) -> str:
    """The organisation number NNNNNN-NNNN whose Luhn check digit completes nine digits."""
    for digit in "0123456789":
        if luhn_ok(nine_digits + digit):
            number = nine_digits + digit
            return f"{number[:6]}-{number[6:]}"
    raise AssertionError("unreachable: one digit always completes a Luhn sum")
