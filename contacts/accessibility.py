"""Facts of the accessibility statement that change when the portal is re-assessed.

The statement describes the *software* — how it was tested, what is known not
to meet WCAG 2.1 AA — so it is kept with the code and changes in the same
commit as the fix or the new assessment, not edited by content staff. These
dates are the only values that change at each review.
"""

from __future__ import annotations

import datetime

#: When the latest assessment (automated axe run per role plus manual keyboard,
#: focus and 320 px checks) was made.
ASSESSED_ON = datetime.date(2026, 11, 29)
#: When the portal was first published.
PUBLISHED_ON = datetime.date(2026, 11, 29)
#: When this statement was last updated.
UPDATED_ON = datetime.date(2026, 11, 29)
#: The supervisory authority's (Digg) complaint page for the DOS law.
COMPLAINT_URL = "https://www.digg.se/tdosanmalan"
