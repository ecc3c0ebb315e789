import html

from contacts.markup import protected_mailto, render_text


def test_paragraphs_and_bullet_lists():
    rendered = render_text("Första stycket\nsamma stycke.\n\nRubrik:\n- ett\n- två\n\nSlut.")
    assert rendered == (
        "<p>Första stycket<br>samma stycke.</p>\n<p>Rubrik:</p>\n"
        "<ul><li>ett</li><li>två</li></ul>\n<p>Slut.</p>"
    )


def test_bold_and_safe_links():
    rendered = render_text(
        "**Viktigt**: läs [kontaktsidan](/kontakt/) och [Digg](https://www.digg.se/)."
    )
    assert "<strong>Viktigt</strong>" in rendered
    assert '<a href="/kontakt/">kontaktsidan</a>' in rendered
    assert '<a href="https://www.digg.se/">Digg</a>' in rendered


def test_raw_html_is_shown_as_text_never_executed():
    rendered = render_text('<script>alert("x")</script>\n- <b onclick="x()">fet</b>')
    assert "<script>" not in rendered
    assert "&lt;script&gt;" in rendered
    assert "<b " not in rendered
    assert "&lt;b onclick=&quot;x()&quot;&gt;" in rendered


def test_links_with_dangerous_schemes_stay_text():
    rendered = render_text("[klicka](javascript:alert(1)) [x](data:text/html,hej)")
    assert "<a" not in rendered
    assert "javascript:alert(1)" in rendered


def test_a_quote_cannot_break_out_of_a_link():
    rendered = render_text('[x](https://a.example/"onmouseover="alert(1))')
    assert 'onmouseover="' not in rendered


def test_protected_mailto_hides_the_address_from_the_raw_html_but_decodes_to_a_real_link():
    link = protected_mailto("anna.berg@lansstyrelsen.example")
    assert "@" not in link
    assert "anna.berg" not in link
    assert "mailto" not in link
    decoded = html.unescape(link)
    assert decoded == (
        '<a href="mailto:anna.berg@lansstyrelsen.example">anna.berg@lansstyrelsen.example</a>'
    )
