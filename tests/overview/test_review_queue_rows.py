"""The review queue's rows come from `{% review_queue_rows %}` (overview_tags), not from a
template loop (bench/README.md, "Profiles and changes"). The page must be the same bytes as
with the loop: the old template is kept in `templates_before/` and rendered beside the
new one for the same request, in the states staff meet (filters, overdue rows, activity
reports, names that need escaping, the administrator's `?lan=`, English)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from reception.models import FollowUpReport, ReportStatus
from reception.periods import periods_ensure
from tests.before import same_as_before
from tests.factories.accounts import client_for
from tests.factories.activities import make_activity, make_organisation, report, submit
from tests.factories.reporting import approved, draft, submitted

pytestmark = pytest.mark.django_db

BEFORE = Path(__file__).parent / "templates_before"


def _same_as_before(client, url: str) -> str:
    return same_as_before(
        client,
        url,
        before=BEFORE,
        template="overview/review_queue.html",
        loop="{% for row in rows %}",
    )


@pytest.fixture
def queue(county, staff, municipality_a, municipality_b, reporter_a, reporter_b):
    """2025 (every deadline passed): follow-ups in each state, activity reports beside them,
    a title and a municipality's report that need escaping."""
    periods = periods_ensure(county=county, year=2025)
    first = periods[0]
    submitted(municipality_a, first, reporter_a, anvisade=2)
    FollowUpReport.objects.create(
        municipality=municipality_b,
        period=first,
        status=ReportStatus.RETURNED,
        review_message="Saknas <b> & 'mer'",
    )
    approved(municipality_a, periods[1], reporter_a, staff, anvisade=1)
    draft(municipality_b, periods[1], reporter_b, anvisade=1)
    organisation = make_organisation(county, staff)
    odd = make_activity(
        county, staff, organisation, [municipality_a, municipality_b], title='SFI <kväll> & "O\'"'
    )
    plain = make_activity(county, staff, organisation, [municipality_a], title="A SFI dag")
    submit(report(odd, municipality_a, first, reporter_a), reporter_a)
    report(odd, municipality_b, first, reporter_b)
    report(plain, municipality_a, first, reporter_a)
    return periods


@pytest.mark.parametrize(
    "query",
    [
        "",
        "status=submitted",
        "status=returned",
        "status=overdue",
        "status=nonsense",
        "ar=2025&period={first}",
        "ar=2025&period={first}&status=overdue",
        "ar=2025&period={second}",
        "ar=2025&period={last}",
    ],
)
def test_review_queue_rows_are_the_markup_of_the_template_loop(staff, queue, query):
    url = (
        reverse("overview:review_queue")
        + "?"
        + query.format(first=queue[0].pk, second=queue[1].pk, last=queue[-1].pk)
    )
    page = _same_as_before(client_for(staff), url)
    if "period=" in query and "status" not in query:
        assert page.count("<tr") > 2  # the table is not empty: the comparison means something


def test_the_comparison_sees_every_kind_of_row(staff, queue):
    page = _same_as_before(client_for(staff), f"/granska/?ar=2025&period={queue[0].pk}")
    assert 'class="is-overdue"' in page and "overdue-mark" in page
    assert "Aktivitet: SFI &lt;kväll&gt; &amp; &quot;O&#x27;&quot;" in page
    assert ">Granska<" in page and ">Visa<" in page
    for follow_up in FollowUpReport.objects.filter(period=queue[0]):
        assert f'href="{reverse("reception:report_review", args=[follow_up.pk])}"' in page


def test_review_queue_rows_for_the_administrator_and_in_english(admin, queue):
    client = client_for(admin)
    _same_as_before(client, f"/granska/?lan=01&ar=2025&period={queue[0].pk}")
    client.get("/sprak/en/", {"next": "/"})
    page = _same_as_before(client, f"/granska/?lan=01&ar=2025&period={queue[0].pk}")
    assert 'lang="en"' in page
    _same_as_before(client, "/granska/?lan=01&status=overdue")
