"""Swedish telephone numbers: parse what people type, store one form, show the Swedish way.

Stored form: E.164 (``+46102236209``) — unambiguous, and exactly what a
``tel:`` link needs. Shown form: the national number with the area code, a
hyphen and the subscriber number grouped the way Swedish style guides
(Språkrådet, SIS) recommend: ``010-223 62 09``, ``070-123 45 67``,
``08-123 456 78``, ``0120-123 45``.

Area codes have two to four digits including the leading zero; which length
applies is decided by the first digits, so the short codes are listed here and
everything else is a four-digit code.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Area codes (without the trunk zero) shorter than the usual three digits.
_TWO_DIGIT = {"8"}
_THREE_DIGIT = {
    "10", "11", "13", "16", "18", "19", "20", "21", "23", "26", "31", "33", "35", "36",
    "40", "42", "44", "46", "54", "60", "63", "90",
    # Mobile and other non-geographic series.
    "70", "71", "72", "73", "74", "75", "76", "77", "78", "79",
}  # fmt: skip

_SEPARATORS = re.compile(r"[\s\-–./()\u00a0\u2009\u202f]")
#: National numbers (with the trunk zero) have 7 to 10 digits.
_MIN_NATIONAL, _MAX_NATIONAL = 7, 10


def normalise_phone(value: str) -> str:
    """Parse a typed Swedish number into E.164 (``+46…``); raise ``ValidationError`` if bad.

    Accepts ``010-2236209``, ``010-223 62 09``, ``+46 10 223 62 09``,
    ``+46 (0)10 223 62 09`` and ``0046102236209``.
    """
    text = (value or "").strip()
    if not text:
        raise ValidationError(_("Ange ett telefonnummer."), code="required")
    text = text.replace("(0)", "")
    compact = _SEPARATORS.sub("", text)
    if compact.startswith("00") and not compact.startswith("0046"):
        compact = "+" + compact[2:]
    if compact.startswith("+"):
        if not compact.startswith("+46"):
            raise ValidationError(
                _("Ange ett svenskt telefonnummer, till exempel 010-223 62 09."),
                code="foreign",
            )
        national = "0" + compact[3:]
    elif compact.startswith("0046"):
        national = "0" + compact[4:]
    else:
        national = compact
    if national.startswith("00"):  # "+46 010…" typed with the trunk zero kept
        national = national[1:]
    if not (national.isascii() and national.isdigit()) or not national.startswith("0"):
        raise ValidationError(
            _(
                "Telefonnumret får bara innehålla siffror, mellanslag och bindestreck "
                "och ska börja med riktnumret, till exempel 010-223 62 09."
            ),
            code="invalid",
        )
    if not _MIN_NATIONAL <= len(national) <= _MAX_NATIONAL:
        raise ValidationError(
            _("Telefonnumret har för få eller för många siffror, till exempel 010-223 62 09."),
            code="length",
        )
    return "+46" + national[1:]


def _area_code_length(digits: str) -> int:
    """Length of the area code of a national number without its trunk zero."""
    if digits[:1] in _TWO_DIGIT:
        return 1
    if digits[:2] in _THREE_DIGIT:
        return 2
    return 3


def group_subscriber_number(digits: str) -> str:
    """Group a subscriber number: 5 → 3+2, 6 → 2+2+2, 7 → 3+2+2, 8 → 3+3+2."""
    if len(digits) == 8:
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    head = 3 if len(digits) % 2 else 2
    if len(digits) <= head:
        return digits
    pairs = [digits[i : i + 2] for i in range(head, len(digits), 2)]
    return " ".join([digits[:head], *pairs])


def format_phone(stored: str) -> str:
    """Show a stored number the Swedish way: ``+46102236209`` → ``010-223 62 09``.

    Anything that is not a stored Swedish number is returned unchanged, so a
    bad row never breaks a page.
    """
    if not stored or not stored.startswith("+46") or not stored[3:].isdecimal():
        return stored or ""
    digits = stored[3:]
    area = _area_code_length(digits)
    return f"0{digits[:area]}-{group_subscriber_number(digits[area:])}"
