"""The survey pages: the reporter's parts, submit step and receipt; staff pages; bad
input through the forms; query budgets."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from core import clock
from core.models import Municipality
from reception.models import ReportStatus
from surveys import services
from surveys.models import Answer, Campaign, Response, Survey
from tests.harness.queries import assert_same_query_count
from tests.surveys.helpers import answer, complete_values, open_campaign, question

pytestmark = pytest.mark.django_db


def _section_url(campaign, number, code="0181"):
    return reverse(
        "surveys:response_section", kwargs={"pk": campaign.pk, "code": code, "number": number}
    )


def test_inbox_shows_the_open_survey(reporter_a_client, so_campaign):
    body = reporter_a_client.get(reverse("reception:inbox")).content.decode()
    assert "Samhällsorienteringsenkäten" in body
    url = reverse("surveys:response_overview", kwargs={"pk": so_campaign.pk, "code": "0181"})
    assert url in body


def test_save_a_part_and_continue_to_the_next(reporter_a_client, so_campaign):
    survey = so_campaign.survey
    org, committee = question(survey, "so_organisation"), question(survey, "so_committee")
    response = reporter_a_client.post(
        _section_url(so_campaign, 1),
        {
            "version": 0,
            f"q{org.pk}": "I egen regi",
            f"q{committee.pk}": "Arbetsmarknadsnämnden",
            "action": "next",
        },
    )
    assert response.status_code == 302 and response["Location"] == _section_url(so_campaign, 2)
    saved = Response.objects.get()
    assert saved.status == ReportStatus.DRAFT
    assert Answer.objects.get(question=org).choice == "I egen regi"
    overview = reporter_a_client.get(
        reverse("surveys:response_overview", kwargs={"pk": so_campaign.pk, "code": "0181"})
    ).content.decode()
    assert "2 av 2 besvarade" in overview
    assert "5 obligatoriska frågor är inte besvarade än." in overview
    assert f"{_section_url(so_campaign, 2)}#fraga-{question(survey, 'so_delivery').pk}" in overview


@pytest.mark.parametrize(
    ("total", "women", "men", "message"),
    [
        ("-3", "", "", "Antalet kan inte vara negativt."),
        ("tio", "", "", "Skriv ett heltal"),
        ("10", "6", "5", "Kvinnor och män kan tillsammans inte vara fler än totalt."),
    ],
)
def test_bad_numbers_get_a_message_and_save_nothing(
    reporter_a_client, so_campaign, total, women, men, message
):
    started = question(so_campaign.survey, "so_started")
    response = reporter_a_client.post(
        _section_url(so_campaign, 3),
        {
            "version": 0,
            f"q{started.pk}": total,
            f"q{started.pk}_women": women,
            f"q{started.pk}_men": men,
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="error-summary"' in body and message in body
    assert not Response.objects.exists()


def test_thousands_separator_is_accepted(reporter_a_client, so_campaign):
    started = question(so_campaign.survey, "so_started")
    reporter_a_client.post(
        _section_url(so_campaign, 3),
        {"version": 0, f"q{started.pk}": "1 234", f"q{started.pk}_women": "1\u00a0000"},
    )
    saved = Answer.objects.get(question=started)
    assert (saved.number, saved.women) == (1234, 1000)


def test_stale_part_gets_the_conflict_message(
    reporter_a_client, so_campaign, municipality_a, reporter_a
):
    answer(so_campaign, municipality_a, reporter_a, values={})
    committee = question(so_campaign.survey, "so_committee")
    response = reporter_a_client.post(
        _section_url(so_campaign, 1), {"version": 0, f"q{committee.pk}": "Ny nämnd"}
    )
    assert "Någon annan har ändrat" in response.content.decode()
    assert not Answer.objects.exists()


def test_submit_with_unanswered_questions_lists_them_with_links(
    reporter_a_client, so_campaign, municipality_a, reporter_a
):
    survey = so_campaign.survey
    values = complete_values(survey)
    del values[question(survey, "so_committee").pk]
    draft = answer(so_campaign, municipality_a, reporter_a, values=values)
    url = reverse("surveys:response_submit", kwargs={"pk": draft.pk})
    body = reporter_a_client.post(url, {"version": draft.version}).content.decode()
    summary = body[
        body.index('id="error-summary"') : body.index("</div>", body.index('id="error-summary"'))
    ]
    link = f"{_section_url(so_campaign, 1)}#fraga-{question(survey, 'so_committee').pk}"
    assert link in summary and "Frågan är inte besvarad." in summary
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT


def test_submit_confirm_and_receipt(reporter_a_client, so_campaign, municipality_a, reporter_a):
    draft = answer(so_campaign, municipality_a, reporter_a)
    url = reverse("surveys:response_submit", kwargs={"pk": draft.pk})
    page = reporter_a_client.get(url).content.decode()
    assert "Kontrollera och skicka in" in page and "Arbetsmarknadsnämnden" in page
    assert "Svaret gäller även de här kommunerna" in page
    response = reporter_a_client.post(url, {"version": draft.version})
    assert response["Location"] == reverse("surveys:response_receipt", kwargs={"pk": draft.pk})
    receipt = reporter_a_client.get(response["Location"]).content.decode()
    assert "Tack! Enkäten är inskickad" in receipt
    draft.refresh_from_db()
    assert draft.status == ReportStatus.SUBMITTED and draft.receipt_number in receipt


def test_submitted_survey_parts_redirect_and_refuse_edits(
    reporter_a_client, so_campaign, municipality_a, reporter_a
):
    done = answer(so_campaign, municipality_a, reporter_a, submit=True)
    committee = question(so_campaign.survey, "so_committee")
    response = reporter_a_client.post(
        _section_url(so_campaign, 1), {"version": done.version, f"q{committee.pk}": "Ändrad"}
    )
    assert response.status_code == 302
    assert Answer.objects.get(question=committee).text == "Arbetsmarknadsnämnden"


def test_other_municipality_is_not_found(reporter_a_client, so_campaign):
    assert reporter_a_client.get(_section_url(so_campaign, 1, code="0126")).status_code == 404
    assert reporter_a_client.get(_section_url(so_campaign, 1, code="0380")).status_code == 404


def test_a_campaign_of_another_county_is_not_found(reporter_a_client, so, other_county):
    campaign = open_campaign(so, other_county)
    assert reporter_a_client.get(_section_url(campaign, 1)).status_code == 404


def test_a_section_beyond_the_last_is_not_found(reporter_a_client, so_campaign):
    assert reporter_a_client.get(_section_url(so_campaign, 9)).status_code == 404


def test_staff_open_a_campaign_with_the_october_default(staff_client, so, county):
    url = reverse("surveys:campaign_open", kwargs={"pk": so.pk})
    page = staff_client.get(url).content.decode()
    assert f'value="{so.year}-10-01"' in page and f'value="{so.year}-10-31"' in page
    response = staff_client.post(
        url, {"opens": f"{so.year}-10-01", "deadline": f"{so.year}-10-31", "late_policy": "refuse"}
    )
    campaign = Campaign.objects.get()
    assert response["Location"] == reverse("surveys:campaign_tracking", kwargs={"pk": campaign.pk})
    assert (campaign.county, campaign.late_policy) == (county, "refuse")


def test_staff_cannot_open_a_national_campaign(staff_client, so):
    url = reverse("surveys:campaign_open", kwargs={"pk": so.pk}) + "?omfattning=land"
    assert staff_client.get(url).status_code == 403


def test_staff_copy_a_national_survey_into_their_county(staff_client, so, county):
    url = reverse("surveys:survey_copy", kwargs={"pk": so.pk})
    response = staff_client.post(url, {"year": so.year + 1})
    copy = Survey.objects.get(year=so.year + 1)
    assert response["Location"] == reverse("surveys:survey_detail", kwargs={"pk": copy.pk})
    assert copy.county == county and copy.sections.count() == so.sections.count()


def test_return_and_approve_through_the_review_page(
    staff_client, so_campaign, municipality_a, reporter_a
):
    done = answer(so_campaign, municipality_a, reporter_a, submit=True)
    page = staff_client.get(reverse("surveys:response_review", kwargs={"pk": done.pk}))
    assert "Skicka tillbaka" in page.content.decode()
    empty = staff_client.post(
        reverse("surveys:response_return", kwargs={"pk": done.pk}),
        {"version": done.version, "message": ""},
    )
    assert "Skriv vad kommunen behöver rätta." in empty.content.decode()
    staff_client.post(
        reverse("surveys:response_return", kwargs={"pk": done.pk}),
        {"version": done.version, "message": "Kontrollera antalet."},
    )
    done.refresh_from_db()
    assert done.status == ReportStatus.RETURNED and done.review_message == "Kontrollera antalet."


def test_tracking_queries_do_not_grow_with_responses(so, reporter_a):
    from accounts.models import User

    admin = User.objects.create_superuser(email="root@example.org", password="x")
    client = Client()
    client.force_login(admin)
    campaign = open_campaign(so, None)
    municipalities = iter(Municipality.objects.order_by("code"))

    def add(n):
        for _ in range(n):
            answer(campaign, next(municipalities), reporter_a, submit=True)

    assert_same_query_count(
        client,
        reverse("surveys:campaign_tracking", kwargs={"pk": campaign.pk}),
        add_rows=add,
        many=20,
        budget=12,
    )


def test_results_queries_do_not_grow_with_responses(staff_client, so, county, reporter_a):
    campaign = open_campaign(so, county)
    municipalities = iter(Municipality.objects.filter(county=county).order_by("code"))

    def add(n):
        for _ in range(n):
            answer(campaign, next(municipalities), reporter_a, submit=True)

    assert_same_query_count(
        staff_client,
        reverse("surveys:campaign_results", kwargs={"pk": campaign.pk}),
        add_rows=add,
        many=20,
        budget=14,
    )


def test_inbox_queries_do_not_grow_with_campaigns(
    reporter_a_client, county, municipality_a, reporter_a
):
    year = clock.today().year
    plan = iter([("so", year), ("lagesbild", year), ("so", year - 1), ("lagesbild", year - 1)])

    def add(n):
        for _ in range(n):
            kind, in_year = next(plan)
            campaign = open_campaign(services.survey_seed(kind=kind, year=in_year), county)
            answer(campaign, municipality_a, reporter_a, values={})

    reporter_a_client.get(reverse("reception:inbox"))  # the signed-in user's caches warm
    assert_same_query_count(
        reporter_a_client, reverse("reception:inbox"), add_rows=add, few=1, many=4
    )


def test_staff_edit_a_question_of_their_county_copy(staff_client, so, county):
    copy = services.survey_copy(source=so, year=so.year + 1, county=county)
    q = question(copy, "so_committee")
    url = reverse("surveys:question_edit", kwargs={"pk": q.pk})
    response = staff_client.post(
        url, {"version": copy.revision, "text": "Vilken nämnd ansvarar?", "help_text": ""}
    )
    assert response.status_code == 302
    q.refresh_from_db()
    assert (q.text, q.required) == ("Vilken nämnd ansvarar?", False)


def test_staff_cannot_edit_a_national_survey(staff_client, so):
    url = reverse("surveys:question_edit", kwargs={"pk": question(so, "so_committee").pk})
    assert staff_client.get(url).status_code == 403


def test_an_answered_survey_refuses_the_edit(staff_client, so, county, municipality_a, reporter_a):
    copy = services.survey_copy(source=so, year=so.year, county=county)
    campaign = open_campaign(copy, county)
    answer(campaign, municipality_a, reporter_a)
    q = question(copy, "so_committee")
    body = staff_client.post(
        reverse("surveys:question_edit", kwargs={"pk": q.pk}),
        {"version": copy.revision, "text": "Ny", "required": "on"},
    ).content.decode()
    assert "Skapa en ny version" in body
    q.refresh_from_db()
    assert q.text != "Ny"
