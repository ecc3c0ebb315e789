"""Password rules beyond Django's: no words an attacker guesses first for this portal.

Django's validators (settings.AUTH_PASSWORD_VALIDATORS) refuse short, common, all-digit
passwords and ones like the user's own name. This one adds what a guesser tries first
here: the portal's and the organisation's names, the season, this year (and the ones
beside it), the user's municipalities — and passwords of a few repeated characters
(``aaaaaaaaaaaa``).
"""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core import clock

#: Words refused anywhere in a password (compared without case or accents).
PORTAL_WORDS = (
    "integrationsportal",
    "lansstyrelse",
    "lanstyrelse",
    "sommar",
    "vinter",
    "varen",
    "hosten",
)
#: Fewer different characters than this is a pattern, not a password.
MIN_DISTINCT = 6


def _fold(text: str) -> str:
    """Lower case, without accents (å → a), letters and digits only."""
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", plain)


def context_words(user=None) -> list[str]:
    words = list(PORTAL_WORDS)
    words += [w for w in map(_fold, settings.PORTAL_ORGANISATION.split()) if len(w) >= 5]
    year = clock.today().year
    words += [str(y) for y in (year - 1, year, year + 1)]
    if user is not None and getattr(user, "pk", None):
        names = user.municipalities.values_list("name", "county__name")
        for municipality, county in names:
            words += [_fold(municipality), _fold(county.split(" ")[0])]
    return [w for w in dict.fromkeys(words) if len(w) >= 4]


class PortalContextValidator:
    def validate(self, password: str, user=None) -> None:
        if len(set(password)) < MIN_DISTINCT:
            raise ValidationError(
                _("Lösenordet har för få olika tecken. Använd minst %(count)s olika tecken.")
                % {"count": MIN_DISTINCT},
                code="password_too_repetitive",
            )
        folded = _fold(password)
        for word in context_words(user):
            if word in folded:
                raise ValidationError(
                    _(
                        "Lösenordet innehåller ”%(word)s”, som är lätt att gissa här. "
                        "Välj ett annat lösenord, gärna några ord som inte hör ihop."
                    )
                    % {"word": word},
                    code="password_context",
                )

    def get_help_text(self) -> str:
        return _(
            "Lösenordet får inte innehålla portalens eller länsstyrelsens namn, årstider, "
            "årtal eller din kommuns namn, och ska ha minst %(count)s olika tecken."
        ) % {"count": MIN_DISTINCT}
