import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from reception import services
from reception.models import FollowUpReport, ReportFigure, ReportStatus
from tests.factories.reporting import (
    AFTER_YEAR,
    approved,
    draft,
    figures,
    make_agreement,
    period_of,
    submitted,
)

pytestmark = pytest.mark.django_db


def _errors(exc: pytest.ExceptionInfo) -> str:
    return " ".join(str(m) for m in exc.value.messages)


def test_saving_a_draft_creates_the_report_with_figures_and_history(
    municipality_a, jan, reporter_a
):
    report = draft(municipality_a, jan, reporter_a, anvisade=5, kvot=2)
    assert report.status == ReportStatus.DRAFT
    assert report.version == 1
    assert {f.category.code: f.received for f in report.figures.all()}["anvisade"] == 5
    assert report.history.first().history_change_reason == "Utkast påbörjat"


def test_of_which_larger_than_total_is_refused_and_nothing_saved(municipality_a, jan, reporter_a):
    with pytest.raises(ValidationError) as exc:
        draft(municipality_a, jan, reporter_a, anvisade=2, kvot=3)
    assert "kan inte vara fler än" in _errors(exc)
    assert not FollowUpReport.objects.exists()
    assert not ReportFigure.objects.exists()


def test_women_and_men_not_making_the_total_is_refused(municipality_a, jan, reporter_a):
    with pytest.raises(ValidationError) as exc:
        draft(municipality_a, jan, reporter_a, anvisade=3, women_anvisade=2, men_anvisade=2)
    assert "women_anvisade" in exc.value.message_dict


def test_negative_figure_is_refused(municipality_a, jan, reporter_a):
    with pytest.raises(ValidationError) as exc:
        draft(municipality_a, jan, reporter_a, anvisade=-1)
    assert "received_anvisade" in exc.value.message_dict


def test_report_for_a_future_period_is_refused(county, municipality_a, reporter_a):
    future = period_of(county, 2027, 1)
    with pytest.raises(ValidationError) as exc:
        services.report_save_draft(
            municipality=municipality_a,
            period=future,
            user=reporter_a,
            figures=figures(),
            self_settled=None,
            comment="",
            version=0,
            today=datetime.date(2026, 6, 1),
        )
    assert exc.value.code == "future"


def test_second_report_for_the_same_period_is_refused(municipality_a, jan, reporter_a):
    draft(municipality_a, jan, reporter_a, anvisade=1)
    with pytest.raises(ValidationError) as exc:
        draft(municipality_a, jan, reporter_a, anvisade=9)
    assert exc.value.code == "duplicate"
    assert FollowUpReport.objects.get().figures.get(category__code="anvisade").received == 1


def test_stale_version_is_refused_and_nothing_overwritten(municipality_a, jan, reporter_a):
    report = draft(municipality_a, jan, reporter_a, anvisade=1)
    draft(municipality_a, jan, reporter_a, version=report.version, anvisade=2)
    with pytest.raises(ValidationError) as exc:
        draft(municipality_a, jan, reporter_a, version=report.version, anvisade=3)
    assert exc.value.code == "stale"
    assert FollowUpReport.objects.get().figures.get(category__code="anvisade").received == 2


def test_submit_sends_a_receipt_to_the_submitter(municipality_a, jan, reporter_a):
    report = submitted(municipality_a, jan, reporter_a, anvisade=4)
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == reporter_a
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [reporter_a.email]
    assert "Kvitto" in mail.outbox[0].subject
    assert report.receipt_number in mail.outbox[0].body


def test_submitted_report_cannot_be_edited(municipality_a, jan, reporter_a):
    report = submitted(municipality_a, jan, reporter_a, anvisade=4)
    with pytest.raises(ValidationError) as exc:
        draft(municipality_a, jan, reporter_a, version=report.version, anvisade=5)
    assert exc.value.code == "locked"


def test_editing_after_approval_is_refused(municipality_a, jan, reporter_a, staff):
    report = approved(municipality_a, jan, reporter_a, staff, anvisade=4)
    with pytest.raises(ValidationError) as exc:
        draft(municipality_a, jan, reporter_a, version=report.version, anvisade=5)
    assert "godkänd och låst" in _errors(exc)


def test_approve_emails_the_reporters(municipality_a, jan, reporter_a, staff):
    report = approved(municipality_a, jan, reporter_a, staff, anvisade=4)
    assert report.status == ReportStatus.APPROVED
    assert report.reviewed_by == staff
    assert mail.outbox[-1].to == [reporter_a.email]
    assert "Godkänd" in mail.outbox[-1].subject


def test_return_needs_a_message_and_emails_it(municipality_a, jan, reporter_a, staff):
    report = submitted(municipality_a, jan, reporter_a, anvisade=4)
    with pytest.raises(ValidationError):
        services.report_return(report=report, user=staff, version=report.version, message=" ")
    report = services.report_return(
        report=report, user=staff, version=report.version, message="Kvotflyktingar saknas."
    )
    assert report.status == ReportStatus.RETURNED
    assert report.review_message == "Kvotflyktingar saknas."
    assert "Kvotflyktingar saknas." in mail.outbox[-1].body
    assert "Behöver rättas" in mail.outbox[-1].subject
    assert report.history.first().history_change_reason.startswith("Skickad tillbaka")


def test_resubmission_after_return_records_what_changed(municipality_a, jan, reporter_a, staff):
    report = submitted(municipality_a, jan, reporter_a, anvisade=4)
    report = services.report_return(report=report, user=staff, version=report.version, message="x")
    report = draft(municipality_a, jan, reporter_a, version=report.version, anvisade=4, kvot=1)
    report = services.report_submit(
        report=report, user=reporter_a, version=report.version, confirmed=True, today=AFTER_YEAR
    )
    assert report.resubmission_changes == [
        {"category": "varav kvotflyktingar", "field": "received", "old": 0, "new": 1}
    ]
    assert report.history.first().history_change_reason == "Inskickad igen efter retur"


def test_reopen_needs_a_reason_and_makes_the_report_editable(
    municipality_a, jan, reporter_a, staff
):
    report = approved(municipality_a, jan, reporter_a, staff, anvisade=4)
    with pytest.raises(ValidationError):
        services.report_reopen(report=report, user=staff, version=report.version, reason="")
    report = services.report_reopen(
        report=report, user=staff, version=report.version, reason="Fel månad"
    )
    assert report.status == ReportStatus.REOPENED
    assert "Fel månad" in mail.outbox[-1].body
    report = draft(municipality_a, jan, reporter_a, version=report.version, anvisade=3)
    assert report.status == ReportStatus.REOPENED


def test_approve_only_from_submitted(municipality_a, jan, reporter_a, staff):
    report = draft(municipality_a, jan, reporter_a, anvisade=1)
    with pytest.raises(ValidationError):
        services.report_approve(report=report, user=staff, version=report.version)


def test_every_figure_change_is_in_the_history_with_old_and_new(municipality_a, jan, reporter_a):
    report = draft(municipality_a, jan, reporter_a, anvisade=1)
    draft(municipality_a, jan, reporter_a, version=report.version, anvisade=2)
    figure = ReportFigure.objects.get(report=report, category__code="anvisade")
    records = list(figure.history.all())
    assert [r.received for r in records] == [2, 1]
    delta = records[0].diff_against(records[1])
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("received", 1, 2)]


def test_cumulative_above_target_is_a_warning_that_must_be_confirmed(
    county, municipality_a, reporter_a, staff
):
    make_agreement(municipality_a, 2025, {"anvisade": 5})
    approved(municipality_a, period_of(county, 2025, 1), reporter_a, staff, anvisade=4)
    report = draft(municipality_a, period_of(county, 2025, 2), reporter_a, anvisade=2)
    warnings = services.report_warnings(report)
    assert any("6 mottagna i år, fler än målet 5" in w for w in warnings)
    with pytest.raises(ValidationError) as exc:
        services.report_submit(
            report=report,
            user=reporter_a,
            version=report.version,
            confirmed=False,
            today=AFTER_YEAR,
        )
    assert exc.value.code == "unconfirmed"
    assert FollowUpReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_jump_from_previous_period_is_a_warning(county, municipality_a, reporter_a):
    submitted(municipality_a, period_of(county, 2025, 1), reporter_a, anvisade=2)
    report = draft(municipality_a, period_of(county, 2025, 2), reporter_a, anvisade=7)
    assert any("7 är mer än 3 gånger" in w for w in services.report_warnings(report))
    calm = draft(municipality_a, period_of(county, 2025, 3), reporter_a, anvisade=3)
    assert services.report_warnings(calm) == []
