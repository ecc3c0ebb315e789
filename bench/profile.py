"""Profile one page in-process against the benchmark database (after a `bench.run`).

    .venv/bin/python -m bench.profile /uppfoljning/2026/ --persona staff
    .venv/bin/python -m bench.profile /kontakt/ --requests 200 --top 25

Uses production settings like the benchmark (DEBUG off), Django's test client and
the benchmark's personas. Prints the process CPU time per request (the Python side;
the PostgreSQL backend's time is not in it), the queries per request, and, with
``--top``, cProfile's most expensive functions by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--persona", choices=["staff", "reporter"], default=None)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/ip_bench")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=0, help="show cProfile's top N functions")
    args = parser.parse_args(argv)

    from bench.run import STAFF_COUNTY, portal_env

    os.environ.update(portal_env(args.database))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import personas

    client = Client()
    if args.persona:
        world = personas.build(staff_county=STAFF_COUNTY, connections=1)
        client.force_login(world.users[args.persona])
    first = client.get(args.path)
    if first.status_code != 200:
        raise SystemExit(f"{args.path} answered {first.status_code}")
    with CaptureQueriesContext(connection) as ctx:
        client.get(args.path)
    started = time.process_time()
    profiler = cProfile.Profile() if args.top else None
    if profiler:
        profiler.enable()
    for _ in range(args.requests):
        client.get(args.path)
    if profiler:
        profiler.disable()
    cpu_ms = (time.process_time() - started) * 1000 / args.requests
    print(f"{args.path}: {cpu_ms:.2f} ms CPU per request (Python side), {len(ctx)} queries")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
