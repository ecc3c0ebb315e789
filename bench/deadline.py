"""A deadline day: many distinct signed-in users at once, through gunicorn on PostgreSQL.

    .venv/bin/python -m bench.deadline --reuse-db --users 64 --seconds 60
    .venv/bin/python -m bench.deadline --reuse-db --instances 2     # two app servers

The mix (each simulated user is its own session, one connection, no think time unless
``--think``):

- reporters (half the users) of municipalities in several counties: inbox, report form,
  save the draft, and every third save submit it (then the next month's draft);
- county staff (a third) of several counties, two per county: county overview, review
  queue, a municipality page of their county, and every fourth round approve a submitted
  report from the queue;
- the public (the rest): contact page, open-data CSV, open-data index.

Before the mix, the trivial view (`/__bench__/baseline/`) is loaded by the same users in
the same run; the ratio is the mix's throughput ÷ the trivial view's. With ``CACHE_URL``
(default: Redis database 7 with a prefix of its own) all workers and instances share one
cache. Writes ``bench/results/deadline-latest.md`` and a dated copy.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import random
import re
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.server import Gunicorn, cpu_seconds, load_average, machine  # noqa: E402

RESULTS = ROOT / "bench" / "results"
#: Counties whose reporters and staff take part (many municipalities, several sizes).
COUNTIES = ("14", "12", "01", "03", "22", "05")
VERSION = re.compile(r'name="version" value="(\d+)"')
REVIEW = re.compile(r'href="/granska/(\d+)/">Granska<')


# --- the users (run in worker processes: no Django) ---------------------------------------


class User:
    def __init__(self, spec: dict, ports: list[int], deadline: float, think: float) -> None:
        self.spec, self.ports, self.deadline, self.think = spec, ports, deadline, think
        self.conns: dict[int, http.client.HTTPConnection] = {}
        self.records: list[tuple] = []
        self.turn = random.randrange(len(ports))

    def request(self, page: str, method: str, path: str, data: dict | None = None):
        port = self.ports[self.turn % len(self.ports)]  # round robin, as a balancer would
        self.turn += 1
        headers = {"Cookie": self.spec["cookie"]} if self.spec["cookie"] else {}
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            conn = self.conns.get(port) or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            self.conns[port] = conn
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            status, cache = response.status, response.getheader("X-Portal-Cache", "")
        except (OSError, http.client.HTTPException):
            self.conns.pop(port, None)
            status, cache, text = 0, "", ""
        ms = (time.perf_counter() - started) * 1000
        if time.perf_counter() < self.deadline:
            self.records.append((page, status, ms, cache, method))
        if self.think:
            time.sleep(random.uniform(0.5, 1.5) * self.think)
        return status, text

    def live(self) -> bool:
        return time.perf_counter() < self.deadline

    def run(self) -> list[tuple]:
        if self.think:
            # People do not all arrive in the same millisecond: with think time the first
            # actions are spread over two think times (without it, all start at once).
            time.sleep(random.uniform(0, 2) * self.think)
        getattr(self, self.spec["kind"])()
        return self.records

    def baseline(self) -> None:
        while self.live():
            self.request("trivial view", "GET", "/__bench__/baseline/")

    def reporter(self) -> None:
        s, saves = self.spec, 0
        drafts = list(s["drafts"])
        while self.live() and drafts:
            edit, submit = drafts[0]
            self.request("reporter inbox", "GET", "/rapporter/")
            status, page = self.request("report form", "GET", edit)
            found = VERSION.search(page)
            if status != 200 or not found:
                drafts.pop(0)  # submitted already (a redirect) or gone
                continue
            body = dict(s["body"], version=found.group(1))
            status, _ = self.request("save draft (POST)", "POST", edit, body)
            saves += 1
            if status == 302 and saves % 3 == 0:
                data = {
                    "csrfmiddlewaretoken": s["csrf"],
                    "version": str(int(found.group(1)) + 1),
                    "confirm": "on",
                }
                self.request("submit (POST)", "POST", submit, data)
                drafts.pop(0)

    def staff(self) -> None:
        s, rounds = self.spec, 0
        while self.live():
            rounds += 1
            self.request("county overview", "GET", s["overview"])
            status, queue = self.request("review queue", "GET", "/granska/")
            self.request("municipality page", "GET", random.choice(s["municipalities"]))
            waiting = REVIEW.findall(queue) if status == 200 else []
            if rounds % 4 == 0 and waiting:
                pk = random.choice(waiting)
                status, page = self.request("review page", "GET", f"/granska/{pk}/")
                found = VERSION.search(page)
                if status == 200 and found:
                    data = {"csrfmiddlewaretoken": s["csrf"], "version": found.group(1)}
                    self.request("approve (POST)", "POST", f"/granska/{pk}/godkann/", data)

    def public(self) -> None:
        s = self.spec
        while self.live():
            self.request("contact page", "GET", "/kontakt/")
            self.request("open-data CSV", "GET", f"/oppna-data/{s['year']}.csv")
            self.request("open-data index", "GET", "/oppna-data/")


def _run_users(specs: list[dict], ports: list[int], seconds: float, think: float) -> list:
    deadline = time.perf_counter() + seconds
    users = [User(spec, ports, deadline, think) for spec in specs]
    threads = [threading.Thread(target=u.run) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [record for user in users for record in user.records]


def load(specs: list[dict], ports: list[int], seconds: float, think: float, procs: int) -> list:
    chunks = [specs[i::procs] for i in range(procs)]
    with ProcessPoolExecutor(procs) as pool:
        futures = [pool.submit(_run_users, c, ports, seconds, think) for c in chunks if c]
        return [record for f in futures for record in f.result()]


# --- the personas (Django, in the main process) -------------------------------------------


def build_specs(users: int, year: int) -> list[dict]:
    from django.urls import reverse
    from django.utils import timezone

    from accounts.demo_national import staff_email
    from accounts.models import User as Account
    from bench.personas import World, ensure_draft, form_body
    from bench.personas import csrf_secret as make_csrf
    from core.models import Municipality
    from reception.models import ReportingPeriod

    csrf = make_csrf()
    world = World(None, {}, [], None, csrf=csrf)
    today = timezone.localdate()
    reporters, staff = users // 2, users // 3
    public = users - reporters - staff
    specs: list[dict] = []
    municipalities = []
    for code in COUNTIES:
        municipalities += list(
            Municipality.objects.filter(county__code=code).select_related("county").order_by("code")
        )
    by_county = defaultdict(list)
    for m in municipalities:
        by_county[m.county.code].append(m)
    # Reporters spread over the counties: the first municipalities of each, in turn.
    chosen = [m for group in zip(*by_county.values(), strict=False) for m in group][:reporters]
    body = form_body(csrf)
    for m in chosen:
        periods = ReportingPeriod.objects.filter(
            county=m.county, year=year, end__lt=today
        ).order_by("-start")[:4]
        drafts = []
        for period in periods:
            report = ensure_draft(m, period)
            edit = reverse("reception:report_edit", kwargs={"code": m.code, "period_pk": period.pk})
            drafts.append((edit, reverse("reception:report_submit", kwargs={"pk": report.pk})))
        account = Account.objects.get(email=world_reporter_email(m.code))
        specs.append(
            {
                "kind": "reporter",
                "cookie": world.cookie_for(account),
                "csrf": csrf,
                "drafts": drafts,
                "body": body,
            }
        )
    for n in range(staff):
        code = COUNTIES[n % len(COUNTIES)]
        account = Account.objects.get(email=staff_email(code, 1 + (n // len(COUNTIES)) % 2))
        specs.append(
            {
                "kind": "staff",
                "cookie": world.cookie_for(account),
                "csrf": csrf,
                "overview": f"/uppfoljning/{year}/",
                "municipalities": [f"/kommun/{m.code}/uppfoljning/" for m in by_county[code]],
            }
        )
    specs += [{"kind": "public", "cookie": "", "year": year} for _ in range(public)]
    random.shuffle(specs)
    return specs


def world_reporter_email(code: str) -> str:
    from accounts.demo_national import reporter_email

    return reporter_email(code)


# --- the report -----------------------------------------------------------------------------


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else 0.0


def table(records: list, seconds: float) -> tuple[str, dict]:
    pages: dict[str, list] = defaultdict(list)
    for record in records:
        pages[record[0]].append(record)
    lines = [
        "| page | requests | req/s | p50 ms | p95 ms | p99 ms | errors (5xx, socket) "
        "| form answers (conflict) | cache hits |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    totals = Counter()
    for name in sorted(pages):
        rows = pages[name]
        ms = [r[2] for r in rows]
        errors = sum(1 for r in rows if r[1] == 0 or r[1] >= 500)
        post = rows[0][4] == "POST"
        forms = sum(1 for r in rows if post and r[1] == 200)
        cached = [r for r in rows if r[3]]
        hits = sum(1 for r in cached if r[3] == "hit")
        totals.update(requests=len(rows), errors=errors, hits=hits, cached=len(cached))
        hit_rate = f"{hits / len(cached):.0%}" if cached else "–"
        lines.append(
            f"| {name} | {len(rows):,} | {len(rows) / seconds:,.1f} | {_pct(ms, 0.5):.1f} "
            f"| {_pct(ms, 0.95):.1f} | {_pct(ms, 0.99):.1f} | {errors} | {forms if post else '–'} "
            f"| {hit_rate} |"
        )
    return "\n".join(lines), totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", default="postgres://postgres@127.0.0.1:5432/ip_bench_performance"
    )
    parser.add_argument("--reuse-db", action="store_true")
    parser.add_argument("--users", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--baseline-seconds", type=int, default=10)
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds between actions")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers per instance")
    parser.add_argument("--instances", type=int, default=1)
    parser.add_argument("--procs", type=int, default=4, help="load-generator processes")
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--output", default=str(RESULTS / "deadline-latest.md"))
    args = parser.parse_args(argv)

    from bench.run import create_database, data_counts, portal_env, prepare

    env = dict(portal_env(args.database), CACHE_URL=args.cache_url)
    env["CACHE_KEY_PREFIX"] = f"deadline{os.getpid()}"
    os.environ.update(env)
    fresh = create_database(args.database, reuse=args.reuse_db)
    import django

    django.setup()
    from django.utils import timezone

    started = datetime.datetime.now(datetime.UTC)
    prepare(fresh)
    counts = data_counts()
    year = timezone.localdate().year
    specs = build_specs(args.users, year)
    mix = Counter(s["kind"] for s in specs)
    servers = [
        Gunicorn(env, args.workers, RESULTS / "tmp" / f"deadline-{n}.log")
        for n in range(args.instances)
    ]
    try:
        for server in servers:
            server.start()
        ports = [s.port for s in servers]

        def pids() -> list[int]:
            from bench.run import backend_pids

            return [p for s in servers for p in s.worker_pids()] + backend_pids()

        load_before = load_average()
        baseline_specs = [{"kind": "baseline", "cookie": ""} for _ in specs]
        cpu0 = cpu_seconds(pids())
        base = load(baseline_specs, ports, args.baseline_seconds, 0, args.procs)
        base_cpu = (cpu_seconds(pids()) - cpu0) * 1000 / max(len(base), 1)
        cpu0 = cpu_seconds(pids())
        records = load(specs, ports, args.seconds, args.think, args.procs)
        mix_cpu = (cpu_seconds(pids()) - cpu0) * 1000 / max(len(records), 1)
        load_after = load_average()
    finally:
        for server in servers:
            server.stop()
    text, totals = table(records, args.seconds)
    base_rps = len(base) / args.baseline_seconds
    rps = totals["requests"] / args.seconds
    m = machine()
    pace = (
        f"~{args.think} s between actions" if args.think else "no think time (as fast as answered)"
    )
    lines = [
        "# Deadline-day benchmark",
        "",
        f"- date: {started:%Y-%m-%d %H:%M} UTC; git commit {m['commit']}; "
        f"{m['nproc']} cores ({m['cpu']}), shared with other work: load average "
        f"{load_before} before, {load_after} after",
        f"- portal: {args.instances} gunicorn instance(s) × {args.workers} workers, "
        f"production settings, PostgreSQL on 127.0.0.1, cache `{args.cache_url}` shared by "
        "all workers and instances; the load generator on the same machine "
        f"({args.procs} processes)",
        "- data: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()),
        f"- command: `python -m bench.deadline {' '.join(sys.argv[1:])}`".rstrip(),
        "",
        "## Mix and rates",
        "",
        f"{len(specs)} concurrent users, each a session of its own on one connection, "
        f"{pace}, {args.seconds} s: {mix['reporter']} reporters of municipalities in counties "
        f"{', '.join(COUNTIES)} (inbox → report form → save draft; every third save submits, "
        f"then the next month), {mix['staff']} county staff of the same counties (overview → "
        "review queue → a municipality page; every fourth round approves a submitted report), "
        f"{mix['public']} public visitors (contact page → open-data CSV → open-data index).",
        "",
        "## Results",
        "",
        f"Throughput {rps:,.1f} req/s ({totals['requests']:,} requests); the trivial view "
        f"with the same {len(specs)} users just before: {base_rps:,.0f} req/s, so the mix "
        f"runs at **{rps / base_rps:.1%} of the trivial view**. CPU per request (workers and "
        f"their PostgreSQL backends): mix {mix_cpu:.1f} ms, trivial {base_cpu:.2f} ms "
        f"(CPU ratio {base_cpu / mix_cpu:.1%}). Errors (5xx or socket): {totals['errors']}. "
        f"Cache hit rate over the cached pages: "
        f"{totals['hits'] / max(totals['cached'], 1):.0%}.",
        "",
        text,
        "",
        "Form answers (200 to a POST): a conflict shown on the form (another save or an "
        "approval came first), not an error.",
        "",
    ]
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines), encoding="utf-8")
    if out.name == "deadline-latest.md":
        (out.parent / f"deadline-{started:%Y-%m-%d-%H%M}.md").write_text(
            "\n".join(lines), encoding="utf-8"
        )
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
