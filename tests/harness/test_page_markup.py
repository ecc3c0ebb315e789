"""Every page keeps the markup rules of tests/harness/markup.py, empty and with form errors.

For every persona, every GET route it sees as a page (route tables) is rendered,
and every data-entry form on it is posted once with its fields left empty (as
the browser tests do), so the error state is checked too: no id used twice, no
empty heading, every form names its action, one breadcrumb label, invalid
fields marked and tied to their error text, multi-level table headers tied to
their cells. Axe-core misses these on hidden inputs, in error states no crawl
reached, or not at all.
"""

from __future__ import annotations

import pytest

from tests.factories.accounts import client_for

from . import markup, walker
from .forms import data_entry_forms
from .registry import get_pages
from .routes import PERSONAS


def _rendered(client, persona: str, world) -> list[tuple[str, str]]:
    pages = []
    for route in get_pages(persona):
        url = walker.url_for(route, world)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages.append((url, html))
        for index, form in enumerate(data_entry_forms(html)):
            data = {**form.hidden(), **{f.name: "" for f in form.data_fields()}}
            answer = client.post(form.action or url, data)
            if answer.status_code == 200 and b'id="error-summary"' in answer.content:
                pages.append((f"{url} form {index} with errors", answer.content.decode()))
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_breaks_the_markup_rules_assistive_technology_relies_on(persona, world):
    client = client_for(world[persona])
    found = {}
    for label, html in _rendered(client, persona, world):
        if problems := markup.problems(html):
            found[label] = problems
    assert not found, "\n".join(
        f"{label}:\n" + "\n".join(f"  {rule}: {'; '.join(items)}" for rule, items in p.items())
        for label, p in found.items()
    )


@pytest.mark.django_db
def test_public_pages_in_english_keep_the_markup_rules(world):
    client = client_for(None)
    client.cookies["django_language"] = "en"
    found = {}
    for label, html in _rendered(client, "anonymous", world):
        assert '<html lang="en">' in html, label
        if problems := markup.problems(html):
            found[label] = problems
    assert not found, found


BROKEN = """<html lang="sv"><body><main>
<form method="post"><input type="hidden" name="version" id="id_version"></form>
<form method="post" action="/x/"><input type="hidden" name="version" id="id_version"></form>
<h3></h3>
<nav aria-label="Du är här"><ol class="breadcrumb"><li>x</li></ol></nav>
<input class="form-control is-invalid" id="id_a" aria-describedby="id_a-fel">
<table><thead><tr><td></td><th scope="colgroup" colspan="2">SFI</th></tr>
<tr><th>Kommun</th><th>Kvinnor</th><th>Män</th></tr></thead>
<tbody><tr><th>Botkyrka</th><td>1</td><td>2</td></tr></tbody></table>
</main></body></html>"""


def test_markup_rules_find_each_defect_they_guard_against():
    found = markup.problems(BROKEN)
    assert found["duplicate ids"] == ['id="id_version" is used 2 times']
    assert found["empty headings"] == ["empty heading <h3>"]
    assert found["form actions"] == ["<form> has no action"]
    assert found["breadcrumb label"] == ['breadcrumb labelled "Du är här", not "Brödsmulor"']
    assert any("no such element" in f for f in found["errors tied to fields"])
    assert any("without aria-invalid" in f for f in found["errors tied to fields"])
    assert any("no <colgroup>" in f for f in found["multi-level table headers"])
    assert any("headers=[]" in f for f in found["multi-level table headers"])
