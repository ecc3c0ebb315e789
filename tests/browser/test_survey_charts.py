"""The survey results' charts are readable on a phone: at 375 px (and at 1280 px) every
text in every chart is drawn at 12 px or more, and no chart is wider than the screen."""

from __future__ import annotations

import pytest

from tests.surveys.helpers import survey_world

pytestmark = pytest.mark.browser

SHOTS = "docs/screenshots/issue-19"

#: Per chart, the smallest drawn font size (CSS px) of its texts and its drawn width.
CHART_TEXT_JS = """() => Array.from(document.querySelectorAll('main svg.survey-chart')).map(svg => {
  const box = svg.viewBox.baseVal;
  const scale = svg.getBoundingClientRect().width / box.width;
  const sizes = Array.from(svg.querySelectorAll('text')).map(
    t => parseFloat(getComputedStyle(t).fontSize) * scale);
  return {id: svg.id || svg.getAttribute('aria-labelledby'), smallest: Math.min(...sizes),
          right: svg.getBoundingClientRect().right};
})"""


@pytest.mark.parametrize("width", [375, 1280])
def test_the_result_charts_are_readable(browse, staff, reporter_a, width):
    world = survey_world(staff, reporter_a)
    page = browse(staff, viewport={"width": width, "height": 900})
    page.goto(f"/enkater/omgang/{world['lb_campaign'].pk}/resultat/")
    page.screenshot(path=f"{SHOTS}/campaign-results-{width}.png", full_page=True)
    charts = page.evaluate(CHART_TEXT_JS)
    assert charts, "the Lägesbild results draw a chart per statement"
    small = [c for c in charts if c["smallest"] < 12]
    assert not small, f"chart texts below 12 px at {width} px: {small}"
    assert all(c["right"] <= width for c in charts)
