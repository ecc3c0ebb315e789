"""A CR or LF in a contact never starts a vCard property; "//host" is no path here (issue 15)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from contacts.markup import refused_links, render_text
from contacts.models import PageBlock

pytestmark = pytest.mark.django_db

PROPERTIES = ("BEGIN:", "VERSION:", "N:", "FN:", "ORG:", "TITLE:", "EMAIL;", "TEL;", "END:")


def _lines(raw: bytes) -> list[str]:
    return raw.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


@pytest.mark.parametrize("field", ["name", "title", "email", "phone"])
@pytest.mark.parametrize("newline", ["\r", "\n", "\r\n", "\u2028", "\x0b"])
def test_a_line_break_in_any_contact_field_never_starts_a_vcard_property(
    client, make_contact, field, newline
):
    # the phone column holds 16 characters (PostgreSQL enforces it): a shorter payload
    payload = "08{}URL:e.se" if field == "phone" else "Chef{}URL:https://evil.example"
    person = make_contact(**{field: payload.format(newline)})
    raw = client.get(reverse("contacts:vcard", args=[person.pk])).content
    lines = _lines(raw)
    assert [line.split(":", 1)[0].split(";", 1)[0] for line in lines] == [
        p.rstrip(":;") for p in PROPERTIES
    ]
    assert not any(line.startswith("URL") for line in lines)
    assert b"\r" not in raw.replace(b"\r\n", b"")  # no lone CR anywhere
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_a_line_break_in_the_unit_name_is_escaped_as_backslash_n(client, make_contact, unit):
    unit.name = "Enhet\rTEL:0700"
    unit.save()
    person = make_contact()
    lines = _lines(client.get(reverse("contacts:vcard", args=[person.pk])).content)
    org = next(line for line in lines if line.startswith("ORG:"))
    assert org.endswith(";Enhet\\nTEL:0700")


@pytest.mark.parametrize(
    "target", ["//evil.example", "//evil.example/kontakt/", "/\\evil.example", "/\\/evil.example"]
)
def test_a_protocol_relative_or_backslash_target_is_no_link(target):
    html = render_text(f"Läs [här]({target}).")
    assert "<a " not in html
    assert refused_links(f"[här]({target})") == [target]


@pytest.mark.parametrize("target", ["/kontakt/", "/", "https://www.digg.se/", "mailto:a@b.se"])
def test_paths_on_this_site_and_web_addresses_still_become_links(target):
    assert f'<a href="{target}">här</a>' in render_text(f"Läs [här]({target}).")
    assert refused_links(f"[här]({target})") == []


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "javascript:alert(1)"])
def test_the_text_block_form_refuses_a_link_that_is_no_path_on_this_site(staff_client, target):
    response = staff_client.post(
        reverse("contacts:block_create"),
        {"heading": "Ny", "body": f"Se [här]({target}).", "key": "ny", "order": "5"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="error-summary"' in page and "går inte att använda" in page
    assert not PageBlock.objects.filter(key="ny").exists()
