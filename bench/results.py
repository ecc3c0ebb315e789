"""Pure helpers of the benchmark: parse wrk's summary line, ratios, targets, markdown.

No Django, no I/O: unit-tested in tests/bench/test_results.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

#: The line our wrk scripts print in ``done()`` (bench/wrk/common.lua).
MARKER = "BENCH "

#: Targets from issue 9 (ratios to the baseline measured in the same run).
P95_LIMIT_MS = 100.0
RSS_LIMIT_MB = 150.0


@dataclass
class WrkResult:
    requests: int
    duration_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    socket_errors: int
    status_errors: int
    #: Answers the page counted as failures although wrk saw 2xx/3xx (e.g. a form error).
    app_errors: int = 0

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0

    @property
    def errors(self) -> int:
        return self.socket_errors + self.status_errors + self.app_errors


def parse_wrk(output: str) -> WrkResult:
    """The result from wrk's output; ValueError when the summary line is missing."""
    for line in output.splitlines():
        if line.startswith(MARKER):
            data = json.loads(line[len(MARKER) :])
            break
    else:
        raise ValueError("wrk printed no BENCH summary line:\n" + output[-2000:])
    return WrkResult(
        requests=data["requests"],
        duration_s=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        socket_errors=data["connect"] + data["read"] + data["write"] + data["timeout"],
        status_errors=data["status"],
        app_errors=data.get("app_errors", 0),
    )


@dataclass
class PageResult:
    name: str
    url: str
    persona: str
    target_ratio: float | None
    wrk: WrkResult | None = None
    queries: int | None = None
    peak_rss_mb: float | None = None
    #: CPU time of the gunicorn workers and their PostgreSQL backends per request: unlike
    #: req/s it hardly depends on what else the machine is doing.
    cpu_ms: float | None = None
    note: str = ""
    misses: list[str] = field(default_factory=list)


def ratio(page: WrkResult, baseline: WrkResult) -> float:
    """Requests per second of the page as a fraction of the baseline's."""
    return page.rps / baseline.rps if baseline.rps else 0.0


def cpu_ratio(page: PageResult, baseline_cpu_ms: float | None) -> float | None:
    """The ratio an otherwise idle machine would give: baseline CPU ÷ page CPU per request."""
    if not page.cpu_ms or not baseline_cpu_ms:
        return None
    return baseline_cpu_ms / page.cpu_ms


def check_targets(result: PageResult, baseline: WrkResult | None) -> list[str]:
    """The targets this page misses (empty when all are met)."""
    misses: list[str] = []
    if result.wrk is None:
        return misses
    if result.target_ratio is not None and baseline is not None:
        got = ratio(result.wrk, baseline)
        if got < result.target_ratio:
            misses.append(f"ratio {got:.0%} < {result.target_ratio:.0%}")
    if result.wrk.p95_ms >= P95_LIMIT_MS:
        misses.append(f"p95 {result.wrk.p95_ms:.0f} ms ≥ {P95_LIMIT_MS:.0f} ms")
    if result.wrk.errors:
        misses.append(f"{result.wrk.errors} errors")
    if result.peak_rss_mb is not None and result.peak_rss_mb >= RSS_LIMIT_MB:
        misses.append(f"worker memory {result.peak_rss_mb:.0f} MB ≥ {RSS_LIMIT_MB:.0f} MB")
    return misses


def markdown_table(
    results: list[PageResult], baseline: WrkResult | None, baseline_cpu_ms: float | None = None
) -> str:
    head = (
        "| page | persona | req/s | ratio (cache hits) | target | p50 ms | p95 ms | p99 ms "
        "| errors | queries/req | CPU ms/req | CPU ratio (cache hits) | peak RSS/worker MB "
        "| verdict |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | --- |"
    )
    lines = [head]
    for r in results:
        if r.wrk is None:
            lines.append(
                f"| {r.name} | {r.persona} | – | – | "
                f"{_pct(r.target_ratio)} | – | – | – | – | – | – | – | – | skipped: {r.note} |"
            )
            continue
        w = r.wrk
        got = f"{ratio(w, baseline):.0%}" if baseline else "–"
        verdict = "ok" if not r.misses else "MISSED: " + "; ".join(r.misses)
        if r.note:
            verdict += f" ({r.note})"
        lines.append(
            f"| {r.name} | {r.persona} | {w.rps:,.0f} | {got} | {_pct(r.target_ratio)} "
            f"| {w.p50_ms:.1f} | {w.p95_ms:.1f} | {w.p99_ms:.1f} | {w.errors} "
            f"| {'–' if r.queries is None else r.queries} "
            f"| {'–' if r.cpu_ms is None else f'{r.cpu_ms:.1f}'} "
            f"| {_ratio(cpu_ratio(r, baseline_cpu_ms))} "
            f"| {'–' if r.peak_rss_mb is None else f'{r.peak_rss_mb:.0f}'} | {verdict} |"
        )
    return "\n".join(lines)


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _pct(value: float | None) -> str:
    return "–" if value is None else f"≥ {value:.0%}"


def rss_growth(samples: list[tuple[float, dict[int, float]]]) -> dict[int, tuple[float, float]]:
    """Per worker pid: (RSS MB at its first sample, growth MB from then to its last sample)."""
    first: dict[int, float] = {}
    last: dict[int, float] = {}
    for _, by_pid in samples:
        for pid, mb in by_pid.items():
            first.setdefault(pid, mb)
            last[pid] = mb
    return {pid: (first[pid], last[pid] - first[pid]) for pid in first}
