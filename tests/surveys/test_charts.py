"""The results' distribution chart: drawn 400 px wide with 15 px texts (readable when it
shrinks to a phone's column), each label on its own line above its bar."""

from __future__ import annotations

from surveys.charts import distribution_chart


def test_each_option_has_its_label_above_a_bar_in_proportion():
    svg = distribution_chart(
        "diagram-x",
        "Hur?",
        [{"option": "Ja", "count": 3}, {"option": "Nej", "count": 1}],
        answered=4,
    )
    assert 'viewBox="0 0 400 ' in svg and 'font-size="15"' in svg
    assert '<text x="0" y="15">Ja</text>' in svg
    assert 'width="262" height="16" fill="#0b5394"' in svg  # 3 of 4 of 350 px
    assert 'width="87" height="16" fill="#0b5394"' in svg
    assert '<desc id="diagram-x-desc">4 svar. Ja: 3; Nej: 1.</desc>' in svg


def test_a_long_option_wraps_instead_of_running_off_the_chart():
    option = "Ja, men bara för dem som har fått uppehållstillstånd under de senaste två åren"
    svg = distribution_chart("d", "Vem?", [{"option": option, "count": 1}], answered=1)
    lines = [part.split("</text>")[0] for part in svg.split('<text x="0" ')[1:]]
    assert len(lines) == 2
    assert all(len(line.split(">", 1)[1]) <= 44 for line in lines)
    assert "<" not in option and option.split()[-1] in lines[-1]
