"""Read models: who has answered a campaign, and the reporter's open surveys.

A fixed number of queries whatever the number of municipalities (one for the
municipalities, one for the responses)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import County, Municipality
from reception.models import HANDED_IN, ReportStatus

from .models import Campaign, Response


class TrackState:
    ANSWERED = "answered"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"


STATE_LABELS = {
    TrackState.ANSWERED: _("Besvarad"),
    TrackState.IN_PROGRESS: _("Påbörjad"),
    TrackState.NOT_STARTED: _("Ej påbörjad"),
}


@dataclass
class TrackRow:
    municipality: Municipality
    response: Response | None
    state: str
    overdue: bool

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def status_label(self) -> str:
        if self.response is None:
            return str(ReportStatus.NOT_STARTED.label)
        if self.response.covered_by_id:
            return str(_("Besvaras av %(m)s") % {"m": self.response.covered_by.municipality.name})
        return str(ReportStatus(self.response.status).label)


@dataclass
class Tracking:
    rows: list[TrackRow]
    counts: dict[str, int] = field(default_factory=dict)
    overdue: int = 0

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def answered(self) -> int:
        return self.counts.get(TrackState.ANSWERED, 0)

    @property
    def missing(self) -> list[TrackRow]:
        return [r for r in self.rows if r.state != TrackState.ANSWERED]


def _state(response: Response | None) -> str:
    if response is None:
        return TrackState.NOT_STARTED
    if response.covered_by_id:
        covering = response.covered_by
        if covering is not None and covering.status in HANDED_IN:
            return TrackState.ANSWERED
        return TrackState.IN_PROGRESS
    if response.status in HANDED_IN:
        return TrackState.ANSWERED
    return TrackState.IN_PROGRESS


def tracking_for(
    campaign: Campaign, today: datetime.date, county: County | None = None
) -> Tracking:
    """Every municipality of the campaign (of ``county`` only, when given): answered (handed
    in, or covered by a handed-in response), in progress, not started, and overdue."""
    municipalities = campaign.municipalities().select_related("county").order_by("name")
    responses = Response.objects.filter(campaign=campaign).select_related(
        "covered_by__municipality"
    )
    if county is not None:
        municipalities = municipalities.filter(county=county)
        responses = responses.filter(municipality__county=county)
    by_municipality = {r.municipality_id: r for r in responses}
    rows = []
    counts = {TrackState.ANSWERED: 0, TrackState.IN_PROGRESS: 0, TrackState.NOT_STARTED: 0}
    overdue = 0
    late = campaign.is_overdue(today)
    for municipality in municipalities:
        response = by_municipality.get(municipality.pk)
        state = _state(response)
        counts[state] += 1
        is_overdue = late and state != TrackState.ANSWERED
        overdue += is_overdue
        rows.append(TrackRow(municipality, response, state, is_overdue))
    return Tracking(rows=rows, counts=counts, overdue=overdue)


def open_campaigns(municipalities, today: datetime.date) -> list[dict]:
    """The reporter's surveys: every campaign open for one of their municipalities, with
    the response so far (two queries)."""
    municipalities = list(municipalities)
    counties = {m.county_id for m in municipalities}
    campaigns = list(
        Campaign.objects.filter(Q(county_id__in=counties) | Q(county__isnull=True))
        .filter(opens__lte=today, survey__year__gte=today.year - 1)
        .select_related("survey")
        .order_by("-survey__year", "survey__kind")
    )
    responses = {
        (r.campaign_id, r.municipality_id): r
        for r in Response.objects.filter(campaign__in=campaigns, municipality__in=municipalities)
    }
    entries = []
    for municipality in municipalities:
        for campaign in campaigns:
            if campaign.county_id not in (None, municipality.county_id):
                continue
            response = responses.get((campaign.pk, municipality.pk))
            status = response.status if response else ReportStatus.NOT_STARTED
            handed_in = status in HANDED_IN
            if handed_in and campaign.survey.year < today.year:
                continue
            entries.append(
                {
                    "municipality": municipality,
                    "campaign": campaign,
                    "response": response,
                    "status": status,
                    "status_label": ReportStatus(status).label,
                    "covered": bool(response and response.covered_by_id),
                    "overdue": not handed_in and campaign.is_overdue(today),
                    "needs_fixing": status in (ReportStatus.RETURNED, ReportStatus.REOPENED),
                }
            )
    return entries
