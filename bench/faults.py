"""Fault runs: a worker killed during submissions, PostgreSQL restarted under load,
the same report submitted twice at once. Each prints and returns a markdown section.

Runs in the benchmark process (Django set up against the benchmark database).
PostgreSQL is always started again at the end, whatever happened.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import threading
import time
from collections import Counter
from urllib.parse import urlencode

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core.models import Municipality
from reception.models import FollowUpReport, ReportStatus

from .personas import World, ensure_draft, form_body
from .server import Gunicorn, get

FAULT_COUNTY = "12"  # Skåne: not the county the page measurements write to
VALUE = 3  # what the fault runs' draft saves write in every figure


def pg_version() -> str:
    return sorted(os.listdir("/etc/postgresql"))[-1]


def pg_ctl(action: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", pg_version(), "main", action],
        capture_output=True,
        text=True,
        timeout=120,
    )


def ensure_postgres_running() -> None:
    if pg_ctl("status").returncode != 0:
        pg_ctl("start")


class Browser:
    """One HTTP connection with one signed-in session, as one browser tab."""

    def __init__(self, port: int, cookie: str, csrf: str) -> None:
        self.port, self.cookie, self.csrf = port, cookie, csrf
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, str, str]:
        """(status, Location, body); status 0 for a socket error (the connection is dropped)."""
        headers = {"Cookie": self.cookie}
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            return response.status, response.getheader("Location", ""), text
        except (OSError, http.client.HTTPException):
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            return 0, "", ""


def _fault_reports(world: World, municipalities: list[Municipality], year: int) -> list:
    reports = []
    for municipality in municipalities:
        periods = municipality.county.reporting_periods.filter(year=year).order_by("start")
        reports += [ensure_draft(municipality, period) for period in periods]
    return reports


def _figures(report_pk: int) -> dict[int, tuple]:
    report = FollowUpReport.objects.get(pk=report_pk)
    return {f.category_id: (f.received, f.women, f.men, f.children) for f in report.figures.all()}


def _submissions_since(report_pk: int, since) -> int:
    return FollowUpReport.history.filter(
        id=report_pk, status=ReportStatus.SUBMITTED, history_date__gte=since
    ).count()


def kill_worker_during_submissions(server: Gunicorn, world: World) -> list[str]:
    """(1) SIGKILL two workers while 8 reporters save and submit 96 reports."""
    year = timezone.localdate().year - 1
    municipalities = list(
        Municipality.objects.filter(county__code=FAULT_COUNTY).select_related("county")
    )[:8]
    reports = _fault_reports(world, municipalities, year)
    before = {r.pk: (_figures(r.pk), r.version) for r in reports}
    since = timezone.now()
    outcome: dict[int, dict] = {r.pk: {"draft": None, "submit": None} for r in reports}
    counts: Counter = Counter()
    lock = threading.Lock()

    cookies = {m.pk: world.cookie_for(world.reporter(m)) for m in municipalities}

    def reporter(municipality: Municipality) -> None:
        browser = Browser(server.port, cookies[municipality.pk], world.csrf)
        for report in [r for r in reports if r.municipality_id == municipality.pk]:
            edit = reverse(
                "reception:report_edit",
                kwargs={"code": municipality.code, "period_pk": report.period_id},
            )
            body = form_body(world.csrf, value=VALUE)
            body["version"] = str(report.version)
            status, location, _ = browser.request("POST", edit, body)
            with lock:
                counts["sent"] += 1
                counts[_kind(status)] += 1
            outcome[report.pk]["draft"] = status
            if status != 302:
                continue
            submit = reverse("reception:report_submit", kwargs={"pk": report.pk})
            data = {"csrfmiddlewaretoken": world.csrf, "version": report.version + 1}
            data["confirm"] = "on"
            status, location, _ = browser.request("POST", submit, data)
            with lock:
                counts["sent"] += 1
                counts[_kind(status)] += 1
            outcome[report.pk]["submit"] = (status, location)

    threads = [threading.Thread(target=reporter, args=(m,)) for m in municipalities]
    for thread in threads:
        thread.start()
    killed = []
    for delay in (0.7, 1.5):
        time.sleep(delay)
        pids = server.worker_pids()
        if pids:
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])
    for thread in threads:
        thread.join(timeout=120)
    answers = _wait_until_answering(server)

    connection.close()
    submitted_ok = [pk for pk, o in outcome.items() if _won(o["submit"])]
    exactly_once = sum(1 for pk in submitted_ok if _submissions_since(pk, since) == 1)
    in_db = FollowUpReport.objects.filter(pk__in=outcome, status=ReportStatus.SUBMITTED)
    half_saved = []
    for pk, (old_figures, _old_version) in before.items():
        now = _figures(pk)
        all_new = all(v[0] == VALUE for v in now.values())
        if len(now) != len(old_figures) or not (now == old_figures or all_new):
            half_saved.append(pk)
    snapshot_mismatch = [
        r.pk
        for r in in_db
        if {f["received"] for f in r.submitted_figures.get("figures", {}).values()} != {VALUE}
    ]
    ok = (
        not half_saved
        and exactly_once == len(submitted_ok)
        and not snapshot_mismatch
        and answers
        and counts["5xx"] == 0
    )
    return [
        "### 1. Worker killed (SIGKILL) during report submissions",
        "",
        f"8 reporters (county {FAULT_COUNTY}) each saved and submitted 12 draft reports of "
        f"{year}, one connection each; workers {killed} were killed after 0.7 s and 2.2 s.",
        "",
        f"- requests sent: {counts['sent']}; answered 2xx/3xx: {counts['2xx/3xx']}; "
        f"socket errors (killed mid-request): {counts['socket']}; 4xx: {counts['4xx']}; "
        f"5xx: {counts['5xx']}",
        f"- submissions answered with the receipt redirect: {len(submitted_ok)}; of these in the "
        f"database exactly once (one 'submitted' history row): {exactly_once}",
        f"- reports submitted in the database: {in_db.count()} of {len(reports)} "
        f"(a request cut off by the kill either committed whole or not at all)",
        f"- half-saved reports (figures neither all old nor all new, or missing): "
        f"{len(half_saved)}; submitted snapshot differing from the figures: "
        f"{len(snapshot_mismatch)}",
        f"- service answering afterwards (healthz and /kontakt/ 200, "
        f"{server.workers} workers): {'yes' if answers else 'NO'}",
        f"- verdict: {'ok' if ok else 'FAILED'}",
        "",
    ]


def _kind(status: int) -> str:
    if status == 0:
        return "socket"
    if status < 400:
        return "2xx/3xx"
    return "4xx" if status < 500 else "5xx"


def _won(submit) -> bool:
    return bool(submit) and submit[0] == 302 and "/kvitto/" in submit[1]


def _wait_until_answering(server: Gunicorn, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if (
                get(server.port, "/healthz")[0] == 200
                and get(server.port, "/kontakt/")[0] == 200
                and len(server.worker_pids()) == server.workers
            ):
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def restart_postgres_under_load(server: Gunicorn, world: World) -> list[str]:
    """(2) PostgreSQL stopped for 3 s and started again while 8 clients read pages."""
    year = timezone.localdate().year
    paths = [
        ("/kontakt/", ""),
        (reverse("reception:inbox"), world.cookie("reporter")),
        (reverse("overview:county", kwargs={"year": year}), world.cookie("staff")),
        (reverse("agreements:list"), world.cookie("staff")),
    ]
    master = server.process.pid if server.process else None
    pids_before = sorted(server.worker_pids())
    stop = threading.Event()
    seen: list[tuple[float, int, bool]] = []  # (time, status, traceback-like body)
    lock = threading.Lock()
    started = time.monotonic()

    def client(n: int) -> None:
        path, cookie = paths[n % len(paths)]
        browser = Browser(server.port, cookie, world.csrf)
        while not stop.is_set():
            status, _, body = browser.request("GET", path)
            bad_body = "Traceback" in body or (status >= 500 and "Försök igen" not in body)
            with lock:
                seen.append((time.monotonic() - started, status, bad_body))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    down_at = up_at = None
    try:
        for thread in threads:
            thread.start()
        time.sleep(3)
        down_at = time.monotonic() - started
        result = pg_ctl("stop")
        time.sleep(3)
    finally:
        start = pg_ctl("start")
        ensure_postgres_running()
        up_at = time.monotonic() - started
    time.sleep(6)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    statuses = Counter(s for _, s, _ in seen)
    after_up = [(t, s) for t, s, _ in seen if t > up_at]
    first_ok = next((t for t, s in after_up if s == 200), None)
    tail = [s for t, s in after_up if first_ok is not None and t > first_ok + 1]
    tracebacks = sum(1 for _, s, bad in seen if bad and s >= 500)
    same_processes = master == (server.process.pid if server.process else None) and pids_before == (
        sorted(server.worker_pids())
    )
    connection.close()
    ok = (
        statuses.get(503, 0) > 0
        and statuses.get(500, 0) == 0
        and tracebacks == 0
        and first_ok is not None
        and all(s == 200 for s in tail)
    )
    return [
        "### 2. PostgreSQL restarted under load",
        "",
        f"8 clients read /kontakt/, the inbox, the capacity page and the agreements list; "
        f"PostgreSQL was stopped at {down_at:.1f} s (`pg_ctlcluster {pg_version()} main stop`: "
        f"{'ok' if result.returncode == 0 else result.stderr.strip()}) and started at "
        f"{up_at:.1f} s ({'ok' if start.returncode == 0 else start.stderr.strip()}).",
        "",
        f"- requests: {len(seen)}; by status: "
        + ", ".join(f"{k or 'socket error'}: {v}" for k, v in sorted(statuses.items())),
        f"- 5xx answers without the portal's 503 page (tracebacks or 500): {tracebacks}; "
        f"500s: {statuses.get(500, 0)}",
        "- first 200 after the start: "
        + (f"{first_ok - up_at:.1f} s later" if first_ok else "NEVER")
        + f"; all 200 from 1 s after that: {_yes(bool(tail) and all(s == 200 for s in tail))}",
        f"- gunicorn master and workers unchanged (no restart): {_yes(same_processes)}",
        f"- verdict: {'ok' if ok else 'FAILED'}",
        "",
    ]


def _yes(value: bool) -> str:
    return "yes" if value else "NO"


def double_submit(server: Gunicorn, world: World) -> list[str]:
    """(3) The same report submitted from two connections at the same moment, 20 times."""
    year = timezone.localdate().year - 2
    municipality = (
        Municipality.objects.filter(county__code=FAULT_COUNTY)
        .select_related("county")
        .order_by("-code")
        .first()
    )
    periods = list(municipality.county.reporting_periods.filter(year=year).order_by("start"))
    reports = [ensure_draft(municipality, p) for p in periods]
    reports += [
        ensure_draft(municipality, p)
        for p in municipality.county.reporting_periods.filter(year=year - 1).order_by("start")[:8]
    ]
    since = timezone.now()
    user = world.reporter(municipality)
    browsers = [Browser(server.port, world.cookie_for(user), world.csrf) for _ in range(2)]
    tally: Counter = Counter()
    wins_per_report = []
    for report in reports:
        barrier = threading.Barrier(2)
        answers: list = [None, None]
        path = reverse("reception:report_submit", kwargs={"pk": report.pk})
        data = {"csrfmiddlewaretoken": world.csrf, "version": report.version, "confirm": "on"}

        def go(i: int, path=path, data=data, barrier=barrier, answers=answers) -> None:
            barrier.wait()
            answers[i] = browsers[i].request("POST", path, data)

        pair = [threading.Thread(target=go, args=(i,)) for i in range(2)]
        for thread in pair:
            thread.start()
        for thread in pair:
            thread.join()
        wins = 0
        for status, location, body in answers:
            if status == 302 and "/kvitto/" in location:
                wins += 1
                tally["won (receipt)"] += 1
            elif status == 200 and "Någon annan har ändrat rapporten" in body:
                tally["conflict: changed by someone else (form, 200)"] += 1
            elif status == 302 and location.rstrip("/").endswith(f"/rapporter/{report.pk}"):
                tally["conflict: already submitted (to the report, 302)"] += 1
            else:
                tally[f"other: {status}"] += 1
        wins_per_report.append(wins)
    connection.close()
    in_db = [_submissions_since(r.pk, since) for r in reports]
    ok = all(w == 1 for w in wins_per_report) and all(n == 1 for n in in_db)
    return [
        "### 3. The same report submitted twice at the same moment",
        "",
        f"{len(reports)} draft reports of {municipality.name}; each posted to "
        "'skicka in' from two connections released by a barrier.",
        "",
        f"- requests sent: {2 * len(reports)}; outcomes: "
        + "; ".join(f"{k}: {v}" for k, v in sorted(tally.items())),
        f"- reports with exactly one winner: {sum(w == 1 for w in wins_per_report)} of "
        f"{len(reports)}; submitted exactly once in the database: "
        f"{sum(n == 1 for n in in_db)} of {len(reports)}",
        f"- verdict: {'ok' if ok else 'FAILED'}",
        "",
    ]


def run_all(server: Gunicorn, world: World) -> str:
    sections = ["## Fault runs", ""]
    try:
        for run in (kill_worker_during_submissions, double_submit, restart_postgres_under_load):
            print(f"-- fault run: {run.__name__}", flush=True)
            lines = run(server, world)
            print("\n".join(lines), flush=True)
            sections += lines
    finally:
        ensure_postgres_running()
    return "\n".join(sections)
