"""Load, fault and soak benchmark of Integrationsportalen on PostgreSQL (see bench/README.md).

    .venv/bin/python -m bench.run [--faults] [--soak SECONDS] [--reuse-db]

Builds the national data set in its own database (ip_bench by default), serves
the portal under gunicorn with production settings, loads each page of
bench/pages.py with wrk and writes bench/results/latest.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import secrets
import shutil
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import results as res  # noqa: E402
from bench.server import Gunicorn, cpu_seconds, load_average, machine, memory_mb  # noqa: E402

RESULTS = ROOT / "bench" / "results"
WRK_DIR = ROOT / "bench" / "wrk"
#: The benchmark's personas: staff of the county with most municipalities (Västra Götaland,
#: 49) and reporters of its municipalities (one per POST connection).
STAFF_COUNTY = "14"


def portal_env(database_url: str) -> dict[str, str]:
    """Production settings, loosened only where plain HTTP on 127.0.0.1 needs it."""
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="integration_portal.settings",
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        ALLOWED_HOSTS="127.0.0.1,testserver",
        BENCHMARK_BASELINE="true",
        EMAIL_URL="console:",
        LOG_LEVEL="WARNING",
    )


def create_database(database_url: str, *, reuse: bool) -> bool:
    """(Re)create the benchmark database; True when it must be migrated and seeded."""
    import dj_database_url
    import psycopg2

    cfg = dj_database_url.parse(database_url)
    name = cfg["NAME"]
    if not name.startswith("ip_bench"):
        raise SystemExit(f"refusing to drop {name!r}: the benchmark database must be ip_bench*")
    conn = psycopg2.connect(
        host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], dbname="postgres"
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cur.fetchone() is not None
        if exists and reuse:
            conn.close()
            return False
        if exists:
            cur.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return True


def backend_pids() -> list[int]:
    """PostgreSQL backends serving the benchmark database (the workers' persistent ones)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


def prepare(fresh: bool) -> dict:
    from django.core.management import call_command

    info: dict = {}
    if fresh:
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        info["migrate_s"] = time.monotonic() - started
        started = time.monotonic()
        call_command("seed_demo", scale="national", force=True)
        info["seed_s"] = time.monotonic() - started
    call_command("collectstatic", interactive=False, verbosity=0)
    return info


def data_counts() -> dict[str, int]:
    from accounts.models import User
    from agreements.models import Agreement, Target
    from contacts.models import Contact
    from core.models import County, Municipality
    from reception.models import FollowUpReport, ReportFigure, ReportingPeriod

    models = [County, Municipality, User, Agreement, Target, ReportingPeriod, FollowUpReport]
    counts = {m._meta.verbose_name_plural.title(): m.objects.count() for m in models}
    counts["ReportFigure"] = ReportFigure.objects.count()
    counts["Contact"] = Contact.objects.count()
    from activities.models import Activity, ActivityReport

    counts["Activity"] = Activity.objects.count()
    counts["ActivityReport"] = ActivityReport.objects.count()
    return counts


def run_wrk(
    url: str,
    *,
    script: str,
    seconds: int,
    connections: int,
    threads: int,
    headers: dict[str, str],
    env: dict | None = None,
) -> res.WrkResult:
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    cmd += ["-s", str(WRK_DIR / script)]
    for key, value in headers.items():
        cmd += ["-H", f"{key}: {value}"]
    cmd.append(url)
    wrk_env = dict(os.environ, BENCH_WRK_DIR=str(WRK_DIR), **(env or {}))
    out = subprocess.run(cmd, capture_output=True, text=True, env=wrk_env, timeout=seconds + 60)
    return res.parse_wrk(out.stdout + out.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/ip_bench")
    parser.add_argument("--reuse-db", action="store_true", help="keep a seeded ip_bench")
    parser.add_argument("--seconds", type=int, default=15, help="wrk time per page")
    parser.add_argument("--warmup", type=int, default=3, help="unrecorded wrk time per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--only", action="append", help="measure only pages containing this")
    parser.add_argument("--faults", action="store_true", help="also run the fault runs")
    parser.add_argument("--soak", type=int, default=0, metavar="SECONDS", help="mixed-load soak")
    parser.add_argument("--no-pages", action="store_true", help="skip the page measurements")
    parser.add_argument("--output", default=str(RESULTS / "latest.md"))
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    env = portal_env(args.database)
    os.environ.update(env)
    fresh = create_database(args.database, reuse=args.reuse_db)
    import django

    django.setup()
    from bench import personas

    started = datetime.datetime.now(datetime.UTC)
    info = prepare(fresh)
    counts = data_counts()
    print("data set:", counts, flush=True)
    world = personas.build(staff_county=STAFF_COUNTY, connections=args.connections)
    server = Gunicorn(env, args.workers, RESULTS / "tmp" / "gunicorn.log")
    sections: list[str] = []
    try:
        server.start()
        print(f"gunicorn on port {server.port}, workers {server.worker_pids()}", flush=True)
        if not args.no_pages:
            sections.append(measure_pages(args, server, world))
        if args.faults:
            from bench import faults

            sections.append(faults.run_all(server, world))
        if args.soak:
            from bench import soak

            sections.append(
                soak.run(server, world, seconds=args.soak, connections=args.connections)
            )
    finally:
        server.stop()
    text = report(started, info, counts, args, sections)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    if out.name == "latest.md":
        stamp = started.strftime("%Y-%m-%d-%H%M")
        (out.parent / f"{stamp}.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


def measure_pages(args, server: Gunicorn, world) -> str:
    from bench.pages import PAGES, resolve

    base = f"http://127.0.0.1:{server.port}"
    load_before = load_average()
    page_results: list[res.PageResult] = []
    baselines: list[res.WrkResult] = []
    for page in PAGES:
        wanted = not args.only or page.name == "baseline" or any(o in page.name for o in args.only)
        if not wanted:
            continue
        path = resolve(page, world.fixtures)
        persona = page.persona or "anonymous"
        result = res.PageResult(page.name, path or "", persona, page.target_ratio, note=page.note)
        if path is None:
            result.note = f"no URL named {' / '.join(page.url_names)} yet"
            print(f"SKIP {page.name}: {result.note}", flush=True)
            page_results.append(result)
            continue
        print(f"-- {page.name}: {page.method} {path} as {persona}", flush=True)
        result.queries = world.count_queries(page, path)
        cookie = world.cookie(page.persona)
        for seconds in (args.warmup, args.seconds):
            if not seconds:
                continue
            pids = server.worker_pids() + backend_pids()
            cpu_before = cpu_seconds(pids)
            if page.method == "POST":
                time.sleep(1)  # requests the last run left behind finish before versions are read
                jobs = world.post_jobs(path_for=partial(resolve, page))
                wrk = run_wrk(
                    base + path,
                    script="post_draft.lua",
                    seconds=seconds,
                    connections=len(jobs),
                    threads=len(jobs),
                    headers={},
                    env={"BENCH_POST_JOBS": str(world.write_jobs(jobs))},
                )
                # Saves still queued in the workers when wrk stops commit after it: let them,
                # or the next page's query count sees the data version move between requests.
                time.sleep(2)
            else:
                headers = {"Cookie": cookie} if cookie else {}
                wrk = run_wrk(
                    base + path,
                    script="get.lua",
                    seconds=seconds,
                    connections=args.connections,
                    threads=2,
                    headers=headers,
                )
        result.wrk = wrk
        result.cpu_ms = (cpu_seconds(pids) - cpu_before) * 1000 / max(wrk.requests, 1)
        peaks = [memory_mb(pid) or 0 for pid in server.worker_pids()]
        result.peak_rss_mb = max(peaks) if peaks else None
        if page.name == "baseline":
            baselines.append(wrk)
        print(
            f"   {wrk.rps:,.0f} req/s p95 {wrk.p95_ms:.1f} ms errors {wrk.errors} "
            f"queries {result.queries} peak RSS {result.peak_rss_mb:.0f} MB",
            flush=True,
        )
        page_results.append(result)
    # The baseline once more at the end: its spread shows how steady the machine was.
    again = run_wrk(
        base + resolve(PAGES[0], world.fixtures),
        script="get.lua",
        seconds=args.seconds,
        connections=args.connections,
        threads=2,
        headers={},
    )
    baselines.append(again)
    baseline = res.WrkResult(
        requests=sum(b.requests for b in baselines),
        duration_s=sum(b.duration_s for b in baselines),
        p50_ms=max(b.p50_ms for b in baselines),
        p95_ms=max(b.p95_ms for b in baselines),
        p99_ms=max(b.p99_ms for b in baselines),
        socket_errors=sum(b.socket_errors for b in baselines),
        status_errors=sum(b.status_errors for b in baselines),
    )
    baseline_cpu = next((r.cpu_ms for r in page_results if r.name == "baseline"), None)
    for r in page_results:
        if r.name != "baseline":
            r.misses = res.check_targets(r, baseline)
    lines = [
        "## Pages",
        "",
        f"wrk: {args.connections} connections (POST: one connection per report), "
        f"{args.seconds} s per page after {args.warmup} s warm-up; {args.workers} gunicorn "
        f"workers. Ratio = req/s ÷ baseline req/s; baseline = mean of the runs at start "
        f"({baselines[0].rps:,.0f} req/s) and end ({again.rps:,.0f} req/s) = "
        f"{baseline.rps:,.0f} req/s. Queries: per request, measured separately with "
        "Django's test client on the same database (second request, warm caches). "
        "CPU ms/req: user+system time of the workers and their PostgreSQL backends during "
        "the run ÷ requests; CPU ratio = baseline CPU ÷ page CPU, what the ratio would be if "
        "nothing else ran on the machine (wrk's own CPU not counted). "
        "Peak RSS: the largest VmHWM of the workers after the page's run. "
        f"Load average before/after: {load_before} / {load_average()}.",
        "",
        res.markdown_table(page_results, baseline, baseline_cpu),
        "",
    ]
    urls = [f"- {r.name}: `{r.url}`" for r in page_results if r.url]
    lines += ["Measured URLs:", "", *urls, ""]
    return "\n".join(lines)


def report(started, info: dict, counts: dict, args, sections: list[str]) -> str:
    m = machine()
    lines = [
        "# Benchmark results",
        "",
        f"- date: {started:%Y-%m-%d %H:%M} UTC",
        f"- machine: {m['nproc']} cores, {m['cpu']}, {m['memory']} memory",
        f"- git commit: {m['commit']}; Python {m['python']}; {m['wrk']}",
        "- portal: gunicorn, production settings (DEBUG off, whitenoise, persistent DB "
        "connections with health checks), PostgreSQL on 127.0.0.1, wrk on the same machine",
    ]
    if info:
        lines.append(
            f"- data set built in {info['migrate_s']:.0f} s (migrate) + "
            f"{info['seed_s']:.0f} s (`seed_demo --scale national`)"
        )
    lines.append("- rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    lines.append(f"- command: `python -m bench.run {' '.join(sys.argv[1:])}`".rstrip())
    lines.append("")
    return "\n".join(lines + sections)


if __name__ == "__main__":
    sys.exit(main())
