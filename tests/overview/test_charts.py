"""Server-side SVG charts: the right values, escaped text, text alternatives."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from overview.charts import Bar, bar_chart, line_chart, nice_max, progress_bar

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own markup, parsed to prove it is well formed


def test_bar_chart_draws_target_and_received_per_municipality_with_alternatives():
    chart = bar_chart(
        chart_id="t",
        title="Mål och mottagna",
        bars=[Bar("Södertälje", 1200, 400), Bar("Huddinge", 0, 2), Bar("Stockholm", None, 0)],
    )
    root = _parse(chart.svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "t-title t-desc"
    assert root.find(f"{SVG}title").text == "Mål och mottagna"
    assert root.find(f"{SVG}desc").text == chart.summary
    assert "Mottagna totalt 402 av målet 1\u00a0200" in chart.summary
    assert "1 av 2 kommuner med mål har nått sitt mål" in chart.summary
    targets = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "chart-target"]
    received = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "chart-received"]
    assert len(targets) == 2 and len(received) == 3  # no target bar without a target
    # Widths are proportional to the values: 400 is a third of 1 200.
    assert abs(float(received[0].get("width")) / float(targets[0].get("width")) - 1 / 3) < 0.01
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "400 av 1\u00a0200" in texts and "0, inget mål" in texts
    assert chart.rows == [
        ["Södertälje", "1\u00a0200", "400"],
        ["Huddinge", "0", "2"],
        ["Stockholm", "–", "0"],
    ]
    assert "style=" not in chart.svg


def test_chart_text_is_escaped():
    chart = bar_chart(chart_id="x", title='<script>"&', bars=[Bar("A & <b>", 1, 1)])
    assert "<script>" not in chart.svg and "&lt;script&gt;" in chart.svg
    assert "A &amp; &lt;b&gt;" in chart.svg
    _parse(chart.svg)


def test_line_chart_stops_the_received_line_at_today_and_draws_the_target_line():
    chart = line_chart(
        chart_id="l",
        title="Hittills",
        labels=["jan", "feb", "mar", "apr"],
        full_labels=["januari 2025", "februari 2025", "mars 2025", "april 2025"],
        cumulative=[12, 17, None, None],
        target_line=[7, 14, 22, 29],
    )
    root = _parse(chart.svg)
    lines = {p.get("class"): p for p in root.iter(f"{SVG}polyline")}
    assert len(lines["chart-target-line"].get("points").split()) == 4
    assert len(lines["chart-received-line"].get("points").split()) == 2
    assert lines["chart-target-line"].get("stroke-dasharray")  # not colour alone
    assert [
        c.find(f"{SVG}title").text
        for c in root.iter(f"{SVG}circle")
        if c.find(f"{SVG}title") is not None
    ] == ["jan: 12", "feb: 17"]
    assert chart.summary.startswith("Till och med februari 2025 har 17 tagits emot.")
    assert "skulle det vara 14; helårsmålet är 29" in chart.summary
    assert chart.rows[2] == ["mars 2025", "–", "22"]


def test_axis_maximum_is_round():
    assert [nice_max(v) for v in (0, 1, 3, 7, 12, 99, 101, 1240)] == [
        1,
        1,
        5,
        10,
        20,
        100,
        200,
        2000,
    ]


def test_progress_bar_is_decorative_and_clamped():
    from decimal import Decimal

    svg = progress_bar(Decimal("150.0"), Decimal("50"))
    root = _parse(svg)
    assert root.get("aria-hidden") == "true"
    assert root.findall(f"{SVG}rect")[1].get("width") == "100.0"
    assert root.find(f"{SVG}line").get("x1") == "50.0"
