"""The municipality reporter (Sara Nyström, Södertälje 0181): what is due, the report form,
warnings, submitting with a receipt, fixing what the county sent back, activity reports.

The demo data is made relative to today (``seed_demo``), so the periods are looked up
in the database rather than named: the running period, the overdue one never started,
the latest handed in (which the county then returns), the latest one reopened.
"""

from __future__ import annotations

import re

from django.utils import timezone

from accounts.models import User
from activities.models import Activity, ActivityReport
from reception import services
from reception.models import (
    HANDED_IN,
    FollowUpReport,
    ReportingPeriod,
    ReportStatus,
)
from tests.journeys.steps import (
    REPORTER,
    STAFF,
    alerts,
    error_summary,
    field,
    heading,
    link_in,
    main_text,
    nav,
    sent_mail,
    sign_in,
    table_rows,
)

CODE = "0181"
CONFIRM = "Jag har kontrollerat varningarna och uppgifterna stämmer."
CATEGORIES = (
    "Anvisade nyanlända (kommuntal)",
    "varav kvotflyktingar",
    "Ensamkommande barn",
    "Tillfälligt skydd (massflyktsdirektivet)",
)


def _periods():
    return ReportingPeriod.objects.filter(county__code="01").order_by("start")


def _running_period() -> ReportingPeriod:
    today = timezone.localdate()
    return _periods().get(start__lte=today, end__gte=today)


def _report(period) -> FollowUpReport | None:
    return FollowUpReport.objects.filter(municipality__code=CODE, period=period).first()


def _ended_never_started() -> ReportingPeriod:
    """The latest period that is over and for which Södertälje has handed in nothing."""
    today = timezone.localdate()
    started = FollowUpReport.objects.filter(municipality__code=CODE).values("period_id")
    return _periods().filter(end__lt=today).exclude(pk__in=started).last()


def _latest(status: str) -> FollowUpReport:
    return (
        FollowUpReport.objects.filter(municipality__code=CODE, status=status)
        .select_related("period")
        .order_by("-period__start")
        .first()
    )


def _figures(report: FollowUpReport) -> dict[str, int]:
    return {f.category.name: f.received for f in report.figures.select_related("category")}


def _category(page, name: str):
    return page.get_by_role("group", name=name, exact=True)


def _fill_received(page, counts: dict[str, int | str]) -> None:
    for name, value in counts.items():
        field(_category(page, name), "Mottagna under perioden").fill(str(value))


def _more_received(page, name: str, before: int, more: int = 1) -> None:
    """More people received: women + men must still make the received, so as many more
    women too (where the category asks for the split and it was filled in)."""
    _fill_received(page, {name: str(before + more)})
    women = _category(page, name).get_by_label("varav kvinnor")
    if women.count() and women.input_value().strip():
        women.fill(str(int(women.input_value().replace(" ", "").replace("\u00a0", "")) + more))


def _confirm_warnings_if_any(page) -> None:
    """A person confirms the plausibility warnings the confirmation step shows, if any."""
    if page.get_by_label(CONFIRM).count():
        page.get_by_label(CONFIRM).check()


def _history(report) -> list[str]:
    return list(
        report.history.order_by("history_date", "history_id").values_list(
            "history_change_reason", flat=True
        )
    )


def test_reporter_see_what_is_due(page):
    today = timezone.localdate()
    sign_in(page, REPORTER)
    # A reporter lands on what the municipality owes, not on a page of links.
    assert page.url.endswith("/rapporter/")
    assert heading(page) == f"Rapporter {today.year}"

    table = page.get_by_role("table", name=f"Rapporter för Södertälje {today.year}")
    rows = table_rows(page, table)
    periods = list(_periods().filter(year=today.year, start__lte=today).order_by("-start"))
    assert [r[0] for r in rows] == [p.label[0].upper() + p.label[1:] for p in periods]
    overdue = 0
    for cells, period in zip(rows, periods, strict=True):
        report = _report(period)
        status = report.get_status_display() if report else "Ej påbörjad"
        assert status in cells[2], (period, cells)
        assert period.deadline.isoformat() in cells[1]
        late = (report is None or report.status not in HANDED_IN) and period.deadline < today
        overdue += late
        assert ("Försenad" in cells[1]) == late, (period, cells)
        if report is None:
            assert cells[3].startswith("Fyll i")
        elif report.status in HANDED_IN:
            assert cells[3].startswith("Visa")

    # What the county reopened comes first, with its message, and the way to fix it.
    reopened = _latest(ReportStatus.REOPENED)
    notice = page.locator(".returned-message", has_text=reopened.period.label)
    assert f"Länsstyrelsen har öppnat {reopened.period.label} igen" in notice.inner_text()
    assert reopened.review_message in notice.inner_text()
    assert notice.get_by_role("link", name=f"Rätta rapporten för {reopened.period.label}")
    text = main_text(page)
    caption = f"Rapporter för Södertälje {today.year}"
    assert text.index(reopened.review_message) < text.index(caption)
    if overdue:
        earlier = sum(
            1
            for p in _periods().filter(year__lt=today.year, deadline__lt=today)
            if not (_report(p) and _report(p).status in HANDED_IN)
        )
        n = overdue + earlier
        assert (f"{n} rapport är försenad." if n == 1 else f"{n} rapporter är försenade.") in text


def test_reporter_fill_in_a_report_and_save_a_draft(page):
    period = _running_period()
    assert _report(period) is None
    sign_in(page, REPORTER)
    page.get_by_role("link", name=f"Fyll i {period.label}").click()
    page.wait_for_load_state()
    assert heading(page) == f"Uppföljning {period.label}, Södertälje"

    # The period is still running: a draft can be saved, submission opens when it ends.
    opens = period.submission_opens.isoformat()
    assert f"pågår till och med {period.end.isoformat()}" in main_text(page)
    assert f"skicka in rapporten från {opens}" in main_text(page)
    assert page.get_by_role("button", name="Gå vidare till att skicka in").count() == 0

    _fill_received(
        page,
        {
            "Anvisade nyanlända (kommuntal)": "4",
            "varav kvotflyktingar": "1",
            "Ensamkommande barn": "0",
            "Tillfälligt skydd (massflyktsdirektivet)": "2",
        },
    )
    settled = _category(page, "Anvisade nyanlända (kommuntal)")
    settled.get_by_label("varav kvinnor").fill("2")
    settled.get_by_label("varav män").fill("2")  # women + men = received, children within
    settled.get_by_label("varav barn").fill("1")
    page.get_by_label("Egenbosatta under perioden").fill("3")
    page.get_by_label("Kommentar").fill("Två familjer kom i början av månaden.")
    page.get_by_role("button", name="Spara utkast").click()
    page.wait_for_load_state()

    assert "Utkastet är sparat. Det är inte inskickat än." in alerts(page)
    report = _report(period)
    assert report.status == ReportStatus.DRAFT and report.submitted_at is None
    assert _figures(report) == dict(zip(CATEGORIES, [4, 1, 0, 2], strict=True))
    settled_figure = report.figures.get(category__code="anvisade")
    assert (settled_figure.women, settled_figure.men, settled_figure.children) == (2, 2, 1)
    assert report.self_settled == 3
    assert report.comment == "Två familjer kom i början av månaden."
    # The form shows what was saved, and what the year comes to with it.
    assert field(_category(page, CATEGORIES[0]), "Mottagna under perioden").input_value() == "4"
    context = _category(page, CATEGORIES[0]).locator("dl").inner_text()
    assert "Med denna rapport" in context
    assert "Utkast" in main_text(page)


def test_reporter_confirm_a_plausibility_warning(page):
    period = _ended_never_started()
    sign_in(page, REPORTER)
    page.get_by_role("link", name=f"Fyll i {period.label}").click()
    page.wait_for_load_state()
    _fill_received(
        page,
        {
            "Anvisade nyanlända (kommuntal)": "1 250",
            "varav kvotflyktingar": "0",
            "Ensamkommande barn": "0",
            "Tillfälligt skydd (massflyktsdirektivet)": "0",
        },
    )
    page.get_by_role("button", name="Gå vidare till att skicka in").click()
    page.wait_for_load_state()
    assert heading(page) == f"Kontrollera och skicka in: {period.label}, Södertälje"

    warnings = page.locator("#varningar").inner_text()
    found = re.search(r"blir det ([\d\u00a0]+) mottagna i år, fler än målet [\d\u00a0]+", warnings)
    assert found, warnings
    total = int(found.group(1).replace("\u00a0", ""))
    assert total >= 1250 and "\u00a0" in found.group(1)  # 1 250 and more, Swedish grouping

    page.get_by_role("button", name="Skicka in rapporten").click()
    page.wait_for_load_state()
    summary = error_summary(page)
    assert "Bekräfta att du har kontrollerat varningarna innan du skickar in." in summary
    assert "stämmer.:" not in summary
    assert "Inget har sparats" not in summary
    assert "Utkastet är sparat" in summary
    report = _report(period)
    assert report.status == ReportStatus.DRAFT
    assert _figures(report)["Anvisade nyanlända (kommuntal)"] == 1250

    page.get_by_label(CONFIRM).check()
    page.get_by_role("button", name="Skicka in rapporten").click()
    page.wait_for_load_state()
    assert heading(page) == "Tack! Rapporten är inskickad"
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_reporter_submit_and_get_the_receipt(page):
    period = _ended_never_started()
    sign_in(page, REPORTER)
    page.get_by_role("link", name=f"Fyll i {period.label}").click()
    page.wait_for_load_state()
    _fill_received(page, dict.fromkeys(CATEGORIES, "0"))
    page.get_by_role("button", name="Gå vidare till att skicka in").click()
    page.wait_for_load_state()
    assert "Uppgifterna är sparade som utkast" in main_text(page)
    _confirm_warnings_if_any(page)
    page.get_by_role("button", name="Skicka in rapporten").click()
    page.wait_for_load_state()

    assert heading(page) == "Tack! Rapporten är inskickad"
    report = _report(period)
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by.email == REPORTER.email
    assert timezone.localdate(report.submitted_at) == timezone.localdate()
    facts = page.locator("main dl.report-extra").first.inner_text()
    assert report.receipt_number in facts and "Sara Nyström" in facts and "Inskickad" in facts
    assert "Ett kvitto har skickats till din e-post" in main_text(page)

    subject = f"Kvitto: uppföljningsrapport för Södertälje, {period.label}"
    (receipt,) = sent_mail(to=REPORTER.email, subject_contains=subject)
    assert receipt.subject == subject
    assert report.receipt_number in receipt.body
    page.goto(link_in(receipt))  # the link in the e-mail
    assert heading(page) == "Tack! Rapporten är inskickad"

    page.get_by_role("link", name="Tillbaka till rapporterna").click()
    page.wait_for_load_state()
    row = page.get_by_role("row", name=re.compile(rf"^{period.label}", re.IGNORECASE))
    assert "Inskickad" in row.first.inner_text()


def test_reporter_fix_a_returned_report(page):
    handed_in = _latest(ReportStatus.SUBMITTED)
    period = handed_in.period
    message = "Kvotflyktingarna verkar fel. Kontrollera antalet och skicka in igen."
    # The county returns it (a staff job of its own, tests/journeys/test_staff_*).
    services.report_return(
        report=handed_in,
        user=User.objects.get(email=STAFF.email),
        version=handed_in.version,
        message=message,
    )
    (returned_mail,) = [m for m in sent_mail(to=REPORTER.email) if message in m.body]
    assert period.label in returned_mail.subject

    sign_in(page, REPORTER)
    notice = page.locator(".returned-message", has_text=f"Rapporten för {period.label}")
    assert f"Rapporten för {period.label} behöver rättas" in notice.inner_text()
    assert message in notice.inner_text()
    notice.get_by_role("link", name=f"Rätta rapporten för {period.label}").click()
    page.wait_for_load_state()
    assert heading(page) == f"Uppföljning {period.label}, Södertälje"
    assert message in page.locator(".returned-message").inner_text()

    before = _figures(handed_in)[CATEGORIES[0]]
    _more_received(page, CATEGORIES[0], before)
    page.get_by_role("button", name="Gå vidare till att skicka in").click()
    page.wait_for_load_state()
    assert "Ändrat sedan förra inskickningen" in main_text(page)
    assert f"{before} → {before + 1}" in main_text(page)
    _confirm_warnings_if_any(page)
    page.get_by_role("button", name="Skicka in rapporten").click()
    page.wait_for_load_state()

    assert heading(page) == "Tack! Rapporten är inskickad"
    handed_in.refresh_from_db()
    assert handed_in.status == ReportStatus.SUBMITTED
    assert _figures(handed_in)[CATEGORIES[0]] == before + 1
    assert {"old": before, "new": before + 1} in [
        {"old": c["old"], "new": c["new"]} for c in handed_in.resubmission_changes
    ]
    assert _history(handed_in)[-1] == "Inskickad igen efter retur"
    page.get_by_role("link", name="Visa rapporten och dess historik").click()
    page.wait_for_load_state()
    assert "Inskickad igen efter retur" in main_text(page)
    assert "Sara Nyström skickade in rapporten" in main_text(page)


def test_reporter_fix_a_report_the_county_reopened(page):
    reopened = _latest(ReportStatus.REOPENED)
    period = reopened.period
    sign_in(page, REPORTER)
    page.get_by_role("link", name=f"Rätta rapporten för {period.label}").click()
    page.wait_for_load_state()
    assert reopened.review_message in page.locator(".returned-message").inner_text()
    before = _figures(reopened)[CATEGORIES[0]]
    _more_received(page, CATEGORIES[0], before, more=2)
    page.get_by_role("button", name="Gå vidare till att skicka in").click()
    page.wait_for_load_state()
    _confirm_warnings_if_any(page)
    page.get_by_role("button", name="Skicka in rapporten").click()
    page.wait_for_load_state()

    assert heading(page) == "Tack! Rapporten är inskickad"
    reopened.refresh_from_db()
    assert reopened.status == ReportStatus.SUBMITTED
    assert _history(reopened)[-1] == "Inskickad igen efter att ha öppnats igen"
    page.get_by_role("link", name="Visa rapporten och dess historik").click()
    page.wait_for_load_state()
    assert "Inskickad igen efter att ha öppnats igen" in main_text(page)
    assert "Inskickad igen efter retur" not in main_text(page)


def test_reporter_submit_an_sfi_activity_report(page):
    activity = Activity.objects.get(title="SFI studieväg 1, Södertälje")
    today = timezone.localdate()
    reported = ActivityReport.objects.filter(activity=activity, municipality__code=CODE).values(
        "period_id"
    )
    period = _periods().filter(end__lt=today).exclude(pk__in=reported).last()

    sign_in(page, REPORTER)
    nav(page, "Aktivitetsrapporter")
    periods = page.get_by_role("table", name="Perioder för SFI studieväg 1, Södertälje")
    periods.get_by_role("link", name=f"Rapportera {period.label}").click()
    page.wait_for_load_state()
    assert heading(page) == f"SFI studieväg 1, Södertälje: {period.label}"

    # Only the course cells (and first-timers): the totals are counted from the cells.
    assert page.get_by_role("textbox", name="Deltagare, kvinnor").count() == 0
    field(page, "Började för första gången").fill("2")
    for label, value in {
        "1A: Slutförde, kvinnor": "1",
        "1A: Avbröt, män": "1",
        "1A: Fortsätter, kvinnor": "5",
        "1A: Fortsätter, män": "3",
    }.items():
        page.get_by_label(label, exact=True).fill(value)
    totals = page.locator("#sfi-summor")
    assert totals.get_by_text("Deltagare, kvinnor").is_visible()
    assert [t.strip() for t in totals.locator("dd").all_inner_texts()] == ["6", "4", "1", "1"]
    page.get_by_role("button", name="Spara utkast").click()
    page.wait_for_load_state()
    assert "Utkastet är sparat" in alerts(page)
    # As saved: the server's sums, shown read-only.
    assert [t.strip() for t in totals.locator("dd").all_inner_texts()] == ["6", "4", "1", "1"]
    page.get_by_role("button", name="Skicka in", exact=True).click()
    page.wait_for_load_state()

    title = f"Kontrollera och skicka in: SFI studieväg 1, Södertälje, {period.label}"
    assert heading(page) == title
    assert "Deltagare totalt\n10" in main_text(page) or "Deltagare totalt\t10" in main_text(page)
    page.get_by_role("button", name="Skicka in rapporten").click()
    page.wait_for_load_state()

    report = ActivityReport.objects.get(activity=activity, municipality__code=CODE, period=period)
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by.email == REPORTER.email
    assert (report.women, report.men, report.first_time, report.completed, report.dropped) == (
        6,
        4,
        2,
        1,
        1,
    )
    course = report.courses.get(course="1A")
    assert (course.completed_women, course.dropped_men) == (1, 1)
    assert (course.continuing_women, course.continuing_men) == (5, 3)

    assert f"Kvittonummer: {report.receipt_number}" in alerts(page)
    assert "Sara Nyström skickade in rapporten" in main_text(page)
    assert "None" not in main_text(page)
    subject = f"Kvitto: aktivitetsrapport för SFI studieväg 1, Södertälje, {period.label}"
    (receipt,) = [m for m in sent_mail(to=REPORTER.email) if m.subject == subject]
    assert receipt.subject.count("Södertälje") == 1  # the title already names it
    assert report.receipt_number in receipt.body


def test_reporter_on_a_phone_sees_what_is_due_and_opens_the_report_form(phone_page):
    page = phone_page
    period = _running_period()
    sign_in(page, REPORTER)
    assert heading(page) == f"Rapporter {timezone.localdate().year}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    link = page.get_by_role("link", name=f"Fyll i {period.label}")
    assert link.is_visible()
    link.click()
    page.wait_for_load_state()

    assert heading(page) == f"Uppföljning {period.label}, Södertälje"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    settled = field(_category(page, CATEGORIES[0]), "Mottagna under perioden")
    settled.fill("2")
    box = settled.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375
    _fill_received(page, {name: "0" for name in CATEGORIES[1:]})
    save = page.get_by_role("button", name="Spara utkast")
    save.click()
    page.wait_for_load_state()
    assert "Utkastet är sparat" in alerts(page)
    assert _figures(_report(period))[CATEGORIES[0]] == 2
