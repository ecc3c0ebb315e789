"""What the API reads and answers (pydantic; the OpenAPI description is built from these).

Request bodies are strict: unknown fields are refused (``extra="forbid"``), and a number
must be a JSON number, not a text ("12") or a boolean.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Generic, TypeVar

from ninja import Field, Schema
from pydantic import ConfigDict

Count = Annotated[int, Field(ge=0, le=1_000_000)]
T = TypeVar("T")


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)


class FigureIn(StrictIn):
    received: Count = Field(description="Mottagna under perioden.")
    women: Count | None = Field(None, description="Varav kvinnor (flickor räknas med).")
    men: Count | None = Field(None, description="Varav män (pojkar räknas med).")
    children: Count | None = Field(None, description="Varav barn (under 18 år).")
    previous_year: Count | None = Field(
        None,
        description="Varav räknas mot förra årets kommuntal (bara årets första månader, "
        "bara kommuntalskategorin).",
    )


class DraftIn(StrictIn):
    version: Annotated[int, Field(ge=0)] | None = Field(
        None,
        description="Versionen du läste (0 för en ny rapport). Kan i stället skickas som "
        'If-Match: "<version>".',
    )
    figures: dict[str, FigureIn] = Field(
        description="Per kategorikod (se /targets): alla aktiva kategorier ska finnas med."
    )
    self_settled: Count | None = Field(None, description="Egenbosatta under perioden.")
    comment: Annotated[str, Field(max_length=4000)] = ""


class SubmitIn(StrictIn):
    version: Annotated[int, Field(ge=1)] | None = Field(
        None, description='Versionen du läste. Kan i stället skickas som If-Match: "<version>".'
    )
    confirm_warnings: bool = Field(
        False,
        description="true: du har sett rapportens varningar (warnings) och skickar in ändå. "
        "Utan den avböjs en rapport med varningar (422, code unconfirmed).",
    )


class PeriodOut(Schema):
    id: int
    year: int
    number: int
    label: str
    start: datetime.date
    end: datetime.date
    deadline: datetime.date
    submission_opens: datetime.date


class DueOut(Schema):
    period: PeriodOut
    status: str = Field(description="not_started, draft, submitted, returned, approved, reopened")
    status_label: str
    overdue: bool
    report_id: int | None
    version: int = Field(description="0 när rapporten inte är påbörjad.")
    review_message: str


class FigureOut(Schema):
    category: str
    category_name: str
    received: int
    women: int | None
    men: int | None
    children: int | None
    previous_year: int


class ReportOut(Schema):
    id: int | None
    municipality: str
    municipality_name: str
    period: PeriodOut
    status: str
    status_label: str
    version: int
    editable: bool
    self_settled: int | None
    comment: str
    review_message: str
    submitted_at: datetime.datetime | None
    figures: list[FigureOut]
    warnings: list[str] = Field(description="Rimlighetsvarningar; bekräftas vid inskickning.")


class TargetOut(Schema):
    municipality: str
    municipality_name: str
    year: int
    category: str
    category_name: str
    target: int | None
    approved: int
    submitted: int
    received: int
    remaining: int | None
    fulfilment_percent: float | None
    expected: int | None


class CountyReportOut(Schema):
    id: int
    municipality: str
    municipality_name: str
    period: PeriodOut
    status: str
    version: int
    self_settled: int | None
    comment: str
    submitted_at: datetime.datetime | None
    reviewed_at: datetime.datetime | None
    figures: list[FigureOut]


class HistoryOut(Schema):
    report_id: int
    municipality: str
    period: str
    at: datetime.datetime
    who: str
    status: str
    reason: str


class ActivityCourseOut(Schema):
    """SFI outcomes for one course code of an activity report."""

    course: str
    completed_women: int
    completed_men: int
    dropped_women: int
    dropped_men: int
    continuing_women: int
    continuing_men: int


class ActivityReportOut(Schema):
    id: int
    activity_id: int
    activity_title: str
    activity_kind: str
    organisation: str
    places: int
    municipality: str
    period: str
    status: str
    women: int
    men: int
    participants: int
    first_time: int
    completed: int
    dropped: int
    courses: list[ActivityCourseOut]


class Page(Schema, Generic[T]):
    count: int
    page: int
    page_size: int
    pages: int
    results: list[T]


class ProblemError(Schema):
    field: str
    message: str


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    code: str | None = None
    errors: list[ProblemError] | None = None
    warnings: list[str] | None = None
    current: ReportOut | None = Field(None, description="409: rapporten som den är nu.")
