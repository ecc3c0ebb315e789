"""The miss path: CPU per page rendered afresh (cache off) and from the cache, in one process.

    DATABASE_URL=sqlite:////tmp/performance.sqlite3 .venv/bin/python -m bench.misspath
    .venv/bin/python -m bench.misspath --profile "county overview" --top 30

Needs a database with the national data set (`seed_demo --scale national`; the benchmark's
`ip_bench` on PostgreSQL by default). Each page is requested with Django's test client as
the benchmark's personas (staff of county 14, a reporter of its first municipality):

- **miss**: Django's dummy cache (nothing is ever cached: page, user, fragments, categories);
- **hit**: the memory cache, the page already cached;
- **trivial**: `/__bench__/baseline/` (middleware only) in the same process and run;
- **after a draft elsewhere**: the memory cache warm, each request right after another
  municipality of the staff's county saved its report (the write's own CPU not counted):
  what a user waits for on a deadline day, where a page may stay cached (a page about one
  municipality) or be rendered afresh with the other caches warm (the county overview).

Ratio = trivial CPU ÷ page CPU (the share of a trivial view's throughput the page would
get). Every figure is the lowest of ``--rounds`` rounds (other processes on a shared machine
only ever add time), the trivial view measured before and after the pages. "of which
templates" is the CPU inside the outermost template render of the miss. Prints a markdown
table (and the profile with ``--profile``).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import time


def _report_form(f) -> str:
    from django.urls import reverse  # after django.setup()

    return reverse(
        "reception:report_edit", kwargs={"code": f.municipality_code, "period_pk": f.period_pk}
    )


PAGES = [
    ("county overview", "staff", lambda f: f"/uppfoljning/{f.year}/"),
    ("agreements list", "staff", lambda f: "/overenskommelser/"),
    ("municipality page", "staff", lambda f: f"/kommun/{f.municipality_code}/uppfoljning/"),
    ("review queue", "staff", lambda f: "/granska/"),
    ("reporter inbox", "reporter", lambda f: "/rapporter/"),
    ("report form", "reporter", _report_form),
    ("contact page", None, lambda f: "/kontakt/"),
    ("open-data index", None, lambda f: "/oppna-data/"),
    ("open-data CSV", None, lambda f: f"/oppna-data/{f.year}.csv"),
]
TARGETS = {None: 0.20}  # public pages ≥ 20 %, signed-in ≥ 5 %


def _cpu_ms(client, path: str, n: int, rounds: int = 1) -> float:
    best = None
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(n):
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        spent = (time.process_time() - started) * 1000 / n
        best = spent if best is None else min(best, spent)
    return best


def _cpu_ms_after(client, path: str, n: int, rounds: int, write) -> tuple[float, int]:
    """CPU of the request alone, each one right after ``write()`` (not counted); and how
    many of the answers were page-cache hits."""
    best, hits = None, 0
    for _ in range(rounds):
        spent, hits = 0.0, 0
        for _ in range(n):
            write()
            started = time.process_time()
            response = client.get(path)
            spent += time.process_time() - started
            hits += response.get("X-Portal-Cache") == "hit"
        assert response.status_code == 200, (path, response.status_code)
        best = spent * 1000 / n if best is None else min(best, spent * 1000 / n)
    return best, hits


class RenderClock:
    """CPU spent in the outermost template render (includes and inner renders inside it)."""

    def __init__(self) -> None:
        self.depth = 0
        self.spent = 0.0

    def install(self):
        from django.template.backends.django import Template

        original = Template.render
        clock = self

        def render(template, context=None, request=None):
            if clock.depth:
                return original(template, context, request)
            clock.depth += 1
            started = time.process_time()
            try:
                return original(template, context, request)
            finally:
                clock.spent += time.process_time() - started
                clock.depth -= 1

        Template.render = render
        return lambda: setattr(Template, "render", original)

    def per_request_ms(self, client, path: str, n: int) -> float:
        self.spent = 0.0
        for _ in range(n):
            client.get(path)
        return self.spent * 1000 / n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3, help="keep the lowest of N rounds")
    parser.add_argument("--profile", help="profile this page (name) on the miss path")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument(
        "--after",
        action="store_true",
        help="with --profile: profile the requests right after a draft saved elsewhere",
    )
    args = parser.parse_args(argv)

    from bench.run import STAFF_COUNTY, portal_env

    os.environ.update(portal_env(args.database or "postgres://postgres@127.0.0.1:5432/ip_bench"))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client, override_settings

    class Count:
        def __init__(self) -> None:
            self.calls = 0

        def __call__(self, execute, sql, params, many, context):
            self.calls += 1
            return execute(sql, params, many, context)

        def __len__(self) -> int:
            return self.calls

    def queries(client, path):
        counter = Count()
        with connection.execute_wrapper(counter):
            client.get(path)
        return counter

    from bench import personas

    world = personas.build(staff_county=STAFF_COUNTY, connections=1)
    clients = {None: Client()}
    for name in ("staff", "reporter"):
        clients[name] = Client()
        clients[name].force_login(world.users[name])
    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    memory = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    trivial_client = Client()
    rows = []

    def measure_trivial() -> float:
        with override_settings(CACHES=memory):
            trivial_client.get("/__bench__/baseline/")
            return _cpu_ms(trivial_client, "/__bench__/baseline/", args.requests * 10, args.rounds)

    from django.db.models import F

    from reception.models import FollowUpReport, ReportFigure

    # Another municipality of the staff's county saves its report (as on a deadline day:
    # a draft saved somewhere in the county between two of a user's requests).
    elsewhere = (
        FollowUpReport.objects.filter(municipality__county__code=STAFF_COUNTY)
        .exclude(municipality__code=world.fixtures.municipality_code)
        .values_list("pk", flat=True)
        .first()
    )

    def write_elsewhere() -> None:
        ReportFigure.objects.filter(report_id=elsewhere).update(received=F("received"))

    trivial_before = measure_trivial()
    clock = RenderClock()
    for name, persona, url in PAGES:
        path = url(world.fixtures)
        client = clients[persona]
        with override_settings(CACHES=dummy):
            client.get(path)
            if args.profile and args.profile == name and not args.after:
                profiler = cProfile.Profile()
                profiler.enable()
                _cpu_ms(client, path, args.requests)
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
            miss_queries = queries(client, path)
            miss = _cpu_ms(client, path, args.requests, args.rounds)
            uninstall = clock.install()
            try:
                templates = clock.per_request_ms(client, path, args.requests)
            finally:
                uninstall()
        with override_settings(CACHES=memory):
            client.get(path)
            hit_queries = queries(client, path)
            hit = _cpu_ms(client, path, args.requests * 5, args.rounds)
            if args.profile and args.profile == name and args.after:
                profiler = cProfile.Profile()
                profiler.enable()
                _cpu_ms_after(client, path, args.requests, 1, write_elsewhere)
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
            after, after_hits = _cpu_ms_after(
                client, path, args.requests, args.rounds, write_elsewhere
            )
        rows.append(
            (
                name,
                persona or "anonymous",
                path,
                miss,
                templates,
                hit,
                miss_queries,
                hit_queries,
                (after, after_hits, args.requests),
            )
        )
        print(
            f"{name}: miss {miss:.1f} ms ({templates:.1f} templates), hit {hit:.2f}, "
            f"after a draft elsewhere {after:.1f} ({after_hits}/{args.requests} hits)",
            flush=True,
        )
    trivial_after = measure_trivial()
    trivial = min(trivial_before, trivial_after)
    load = os.getloadavg()
    print()
    print(
        f"Trivial view (`/__bench__/baseline/`, same process and run): {trivial:.2f} ms CPU "
        f"(before the pages {trivial_before:.2f}, after {trivial_after:.2f}; the lower is used). "
        f"Load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores; "
        f"database {connection.vendor}."
    )
    print()
    print(
        "| page | persona | miss CPU ms | of which templates | hit CPU ms "
        "| miss ratio to trivial | target | hit ratio to trivial | queries miss / hit "
        "| after a draft elsewhere in the county: CPU ms (hits) | its ratio |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, persona, _path, miss, templates, hit, mq, hq, (after, hits, n) in rows:
        target = TARGETS.get(None) if persona == "anonymous" else 0.05
        print(
            f"| {name} | {persona} | {miss:.1f} | {templates:.1f} | {hit:.2f} "
            f"| {trivial / miss:.1%} | ≥ {target:.0%} | {trivial / hit:.0%} "
            f"| {len(mq)} / {len(hq)} | {after:.1f} ({hits}/{n}) | {trivial / after:.1%} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
