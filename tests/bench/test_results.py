"""Result parsing, ratios and target checks of the benchmark (which never runs here)."""

import json

import pytest

from bench import results as res


def _wrk_output(**overrides) -> str:
    data = {
        "requests": 30000,
        "duration_us": 15_000_000,
        "bytes": 1,
        "p50_us": 4000,
        "p95_us": 12000,
        "p99_us": 20000,
        "max_us": 50000,
        "connect": 0,
        "read": 0,
        "write": 0,
        "status": 0,
        "timeout": 0,
        "app_errors": 0,
    }
    data.update(overrides)
    return "Running 15s test @ http://127.0.0.1/\n  2 threads\nBENCH " + json.dumps(data) + "\n"


def test_wrk_summary_line_is_parsed_into_rate_latency_and_errors():
    result = res.parse_wrk(_wrk_output(read=2, timeout=1, status=3, app_errors=4))
    assert result.rps == 2000
    assert (result.p50_ms, result.p95_ms, result.p99_ms) == (4.0, 12.0, 20.0)
    assert result.socket_errors == 3
    assert result.status_errors == 3
    assert result.errors == 10


def test_missing_summary_line_is_an_error_not_zero_requests():
    with pytest.raises(ValueError, match="no BENCH summary"):
        res.parse_wrk("unable to connect to 127.0.0.1:1 Connection refused")


def test_ratio_is_page_rate_over_baseline_rate():
    baseline = res.parse_wrk(_wrk_output(requests=30000))
    page = res.parse_wrk(_wrk_output(requests=9000))
    assert res.ratio(page, baseline) == pytest.approx(0.30)


def test_targets_report_each_miss_and_nothing_when_met():
    baseline = res.parse_wrk(_wrk_output(requests=30000))
    good = res.PageResult(
        "csv", "/x", "anonymous", 0.30, wrk=res.parse_wrk(_wrk_output(requests=9000))
    )
    good.peak_rss_mb = 80
    assert res.check_targets(good, baseline) == []
    bad = res.PageResult(
        "overview",
        "/y",
        "staff",
        0.15,
        wrk=res.parse_wrk(_wrk_output(requests=3000, p95_us=150000, status=2)),
        peak_rss_mb=151,
    )
    misses = res.check_targets(bad, baseline)
    assert misses == [
        "ratio 10% < 15%",
        "p95 150 ms ≥ 100 ms",
        "2 errors",
        "worker memory 151 MB ≥ 150 MB",
    ]


def test_markdown_table_shows_ratio_and_skipped_pages():
    baseline = res.parse_wrk(_wrk_output(requests=30000))
    measured = res.PageResult("contact", "/kontakt/", "anonymous", 0.6)
    measured.wrk = res.parse_wrk(_wrk_output(requests=21000))
    measured.queries = 1
    skipped = res.PageResult("open data", "", "anonymous", 0.3, note="no URL yet")
    table = res.markdown_table([measured, skipped], baseline)
    assert "| contact | anonymous | 1,400 | 70% | ≥ 60% |" in table
    assert "skipped: no URL yet" in table


def test_rss_growth_per_worker_from_first_to_last_sample():
    samples = [(0.0, {1: 50.0, 2: 60.0}), (5.0, {1: 52.0, 2: 60.5}), (10.0, {1: 51.0})]
    assert res.rss_growth(samples) == {1: (50.0, 1.0), 2: (60.0, 0.5)}


def test_cpu_ratio_is_baseline_cpu_over_page_cpu():
    page = res.PageResult("inbox", "/rapporter/", "reporter", 0.25, cpu_ms=8.0)
    assert res.cpu_ratio(page, 2.0) == pytest.approx(0.25)
    assert res.cpu_ratio(res.PageResult("x", "/", "anonymous", None), 2.0) is None
