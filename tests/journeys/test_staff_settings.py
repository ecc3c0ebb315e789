"""County staff: how the county collects follow-up reports (interval, deadline, reminders)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from reception.models import Frequency, ReportingPeriod, ReportingSettings
from tests.journeys.steps import (
    STAFF,
    alerts,
    error_summary,
    field,
    heading,
    main_text,
    nav,
    sign_in,
)


def test_staff_change_the_reporting_settings(page):
    today = timezone.localdate()
    running = ReportingPeriod.objects.filter(
        county__code="01", deadline__gte=today, year=today.year
    ).order_by("start")
    before = {p.pk: p.deadline for p in running}
    assert before, "the demo data has a period whose deadline has not passed"
    sign_in(page, STAFF)
    nav(page, "Mina sidor")
    page.get_by_role("link", name="Inställningar för rapportering").click()
    assert heading(page) == "Inställningar för rapportering – Stockholms län"

    field(page, "Rapporteringsintervall").select_option(label="Kvartalsvis")
    field(page, "Dagar efter periodens slut till sista dag").fill("20")
    field(page, "Påminnelse antal dagar före sista dag").fill("7")
    field(page, "Varna vid ökning större än faktor").fill("0,5")
    page.get_by_role("button", name="Spara inställningarna").click()
    assert "Varna vid ökning större än faktor" in error_summary(page)
    assert not ReportingSettings.objects.filter(county__code="01", deadline_days=20).exists()

    field(page, "Varna vid ökning större än faktor").fill("2,5")
    page.get_by_role("button", name="Spara inställningarna").click()

    assert "Inställningarna är sparade" in alerts(page)
    assert field(page, "Rapporteringsintervall").locator("option:checked").inner_text() == (
        "Kvartalsvis"
    )
    assert field(page, "Dagar efter periodens slut till sista dag").input_value() == "20"
    assert field(page, "Varna vid ökning större än faktor").input_value() == "2,5"
    config = ReportingSettings.objects.get(county__code="01")
    assert config.frequency == Frequency.QUARTERLY
    assert (config.deadline_days, config.reminder_days) == (20, 7)
    assert config.jump_factor == Decimal("2.5")

    # Deadlines not yet passed follow the new setting; a year already begun stays monthly.
    for period in ReportingPeriod.objects.filter(pk__in=before):
        assert period.deadline == period.end + datetime.timedelta(days=20)
        assert period.frequency == Frequency.MONTHLY
    # Staff see the new deadline where they review the period.
    period = ReportingPeriod.objects.filter(pk__in=before).order_by("start").first()
    nav(page, "Granska rapporter")
    options = field(page, "Period").locator("option").all_inner_texts()
    label = next(o for o in options if o.startswith(period.label.capitalize()))
    field(page, "Period").select_option(label=label)
    page.get_by_role("button", name="Visa", exact=True).click()
    assert f"{period.label} (sista dag {period.deadline.isoformat()})" in main_text(page)
