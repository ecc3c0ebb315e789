"""Soak: mixed GET load over every measured page while worker memory is sampled."""

from __future__ import annotations

import threading
import time

from . import results as res
from .pages import PAGES, resolve
from .personas import JOBS_FILE, World
from .server import Gunicorn, memory_mb

INTERVAL = 5.0


def run(server: Gunicorn, world: World, *, seconds: int, connections: int) -> str:
    from .run import run_wrk

    mix = []
    for page in PAGES:
        path = resolve(page, world.fixtures)
        if path is not None and page.method == "GET":
            mix.append((path, world.cookie(page.persona)))
    mix_file = JOBS_FILE.with_name("mix.tsv")
    mix_file.write_text("".join(f"{p}\t{c}\n" for p, c in mix), encoding="utf-8")
    samples: list[tuple[float, dict[int, float]]] = []
    stop = threading.Event()
    started = time.monotonic()

    def sample() -> None:
        while not stop.is_set():
            by_pid = {pid: memory_mb(pid, "VmRSS") or 0.0 for pid in server.worker_pids()}
            samples.append((time.monotonic() - started, by_pid))
            stop.wait(INTERVAL)

    sampler = threading.Thread(target=sample)
    print(f"-- soak: {seconds} s of mixed load over {len(mix)} pages", flush=True)
    sampler.start()
    try:
        wrk = run_wrk(
            f"http://127.0.0.1:{server.port}/",
            script="mixed.lua",
            seconds=seconds,
            connections=connections,
            threads=2,
            headers={},
            env={"BENCH_MIX": str(mix_file)},
        )
    finally:
        stop.set()
        sampler.join()
    growth = res.rss_growth(samples)
    peaks = {pid: memory_mb(pid) for pid in server.worker_pids()}
    # The first minute warms caches and imports; growth after it is what could be a leak.
    warm = [s for s in samples if s[0] >= min(60.0, seconds / 3)]
    late_growth = res.rss_growth(warm)
    lines = [
        "## Soak",
        "",
        f"{seconds} s of mixed GET load ({len(mix)} pages, {connections} connections), "
        f"worker RSS sampled every {INTERVAL:.0f} s; workers are never recycled "
        "(GUNICORN_MAX_REQUESTS=0).",
        "",
        f"- requests: {wrk.requests:,} ({wrk.rps:,.0f} req/s), p95 {wrk.p95_ms:.1f} ms, "
        f"errors {wrk.errors}",
        "",
        "| worker | RSS at start MB | growth whole run MB | growth after warm-up MB | peak MB |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for pid, (first, grew) in sorted(growth.items()):
        late = late_growth.get(pid, (0.0, 0.0))[1]
        peak = peaks.get(pid)
        lines.append(
            f"| {pid} | {first:.1f} | {grew:+.1f} | {late:+.1f} | "
            f"{'–' if peak is None else f'{peak:.1f}'} |"
        )
    lines.append("")
    return "\n".join(lines)
