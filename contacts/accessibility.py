"""Facts of the accessibility statement that change when the portal is re-assessed.

The statement describes the *software* — how it was tested, what is known not
to meet WCAG 2.1 AA — so it is kept with the code and changes in the same
commit as the fix or the new assessment, not edited by content staff. When a
gap is fixed, remove it here; when a check is added to the tests, say so in the
template's "Hur vi testat webbplatsen"; after each assessment, move the dates.

Where people report problems (e-mail, telephone) is the deployment's own:
``PORTAL_FEEDBACK_EMAIL`` and ``PORTAL_FEEDBACK_PHONE`` in the settings.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: When the latest assessment was made: the automated axe, keyboard, reflow and
#: markup checks of the test suite run over every page, plus the manual checks the
#: statement lists.
ASSESSED_ON = datetime.date(2026, 12, 1)
#: When the portal was first published.
PUBLISHED_ON = datetime.date(2026, 11, 29)
#: When this statement was last updated.
UPDATED_ON = datetime.date(2026, 12, 1)
#: The standard the portal is assessed against (its chapter 9 is WCAG 2.1 A and AA).
STANDARD = "EN 301 549 V3.2.1"
#: The supervisory authority's (Digg) complaint page for the DOS law.
COMPLAINT_URL = "https://www.digg.se/tdosanmalan"
#: How soon the unit answers a report about accessibility (working days).
RESPONSE_WORKING_DAYS = 5
#: By when the checks not made yet (screen readers, 200 % zoom, text spacing) are made.
MANUAL_REVIEW_BY = datetime.date(2027, 3, 31)
#: The version of axe-core the browser tests run (bundled with axe-playwright-python).
AXE_VERSION = "4.12.1"


@dataclass(frozen=True)
class KnownGap:
    """Content known not to meet the requirements, or not yet assessed."""

    what: Promise
    #: WCAG 2.1 success criteria or EN 301 549 clauses, as the statement names them.
    criteria: tuple[Promise, ...]
    #: When it is to be fixed (or assessed) at the latest.
    fix_by: datetime.date


KNOWN_GAPS: tuple[KnownGap, ...] = (
    KnownGap(
        what=_(
            "Administrationsgränssnittet för systemadministratörer (Djangos "
            "administrationssida, /admin/) är inte bedömt. Det används bara av ett fåtal "
            "systemadministratörer; allt arbete för handläggare, rapportörer och allmänheten "
            "görs i portalens egna sidor, som testas."
        ),
        criteria=(_("Alla kriterier i WCAG 2.1 nivå A och AA (inte bedömt)"),),
        fix_by=datetime.date(2027, 6, 30),
    ),
    KnownGap(
        what=_(
            "Nedladdade Excelfiler (XLSX) saknar dokumenttitel, och rubrikraden i varje blad "
            "är bara fetstil, inte markerad som tabellrubrik för skärmläsare. Samma uppgifter "
            "finns alltid som tabell på webbsidan och som CSV-fil."
        ),
        criteria=(
            _("EN 301 549 10.1.3.1 Information och relationer"),
            _("EN 301 549 10.2.4.2 Dokumentets titel"),
        ),
        fix_by=datetime.date(2027, 3, 31),
    ),
)
