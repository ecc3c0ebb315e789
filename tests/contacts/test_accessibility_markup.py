"""Accessibility of the contacts pages, read from their HTML: Swedish staff-written text
on English pages, the text-block pages' headings."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.harness import markup

pytestmark = pytest.mark.django_db


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def _lang_of(root, text: str) -> str | None:
    """The language an element holding ``text`` is in, from its nearest ``lang``."""
    for element in root.iter():
        if text in " ".join(element.text):
            node = element
            while node is not None and "lang" not in node.attrs:
                node = node.parent
            return node.get("lang") if node else None
    raise AssertionError(f"{text!r} is not on the page")


def test_text_blocks_are_marked_swedish_on_the_english_integration_page(client, block):
    root = markup.parse(_english(client).get("/").content.decode())
    assert _lang_of(root, "Skip to main content") == "en"
    assert _lang_of(root, "Vad Länsstyrelsen gör") == "sv"
    assert _lang_of(root, "Vi samordnar mottagandet.") == "sv"


def test_text_blocks_carry_no_extra_lang_on_the_swedish_page(client, block):
    body = client.get("/").content.decode()
    assert '<html lang="sv">' in body
    assert "{% sv_lang %}" not in body
    root = markup.parse(body)
    block_element = next(e for e in root.iter() if e.get("id") == "uppdraget")
    assert "lang" not in block_element.attrs


def test_contact_titles_units_and_topics_are_marked_swedish_on_the_english_contact_page(
    client, contact
):
    root = markup.parse(_english(client).get("/kontakt/").content.decode())
    assert _lang_of(root, "Integrationsutvecklare") == "sv"  # the contact's title
    assert _lang_of(root, "Enheten för social hållbarhet") == "sv"  # the unit
    assert _lang_of(root, "Karin Åberg") == "en"  # a name is not marked
    topic_options = [
        e for e in root.iter() if e.tag == "option" and e.ancestor("select").get("name") == "amne"
    ]
    assert [o.get("lang") for o in topic_options if o.get("value")] == ["sv"] * (
        len(topic_options) - 1
    )
    assert topic_options[0].get("lang") == ""  # "All topics" is translated


def test_block_preview_and_list_mark_the_staff_text_swedish_in_english(staff_client, block):
    _english(staff_client)
    edit = markup.parse(
        staff_client.get(reverse("contacts:block_edit", args=[block.pk])).content.decode()
    )
    preview = next(e for e in edit.iter() if "block-preview" in e.classes())
    assert _lang_of(preview, "Vi samordnar mottagandet.") == "sv"
    listing = markup.parse(staff_client.get(reverse("contacts:manage_blocks")).content.decode())
    assert _lang_of(listing, "Vad Länsstyrelsen gör") == "sv"


def _headings(body: str) -> list[tuple[str, str]]:
    return [(e.tag, e.all_text()) for e in markup.parse(body).iter() if e.tag in markup.HEADINGS]


def test_text_block_edit_page_names_the_block_in_its_headings(staff_client, block):
    body = staff_client.get(reverse("contacts:block_edit", args=[block.pk])).content.decode()
    headings = _headings(body)
    assert ("h1", "Ändra ”Vad Länsstyrelsen gör”") in headings
    assert ("h3", "Vad Länsstyrelsen gör") in headings  # the preview
    assert "<title>Ändra ”Vad Länsstyrelsen gör”" in body
    assert markup.empty_headings(markup.parse(body)) == []


def test_new_text_block_page_has_no_empty_preview(staff_client):
    body = staff_client.get(reverse("contacts:block_create")).content.decode()
    assert ("h1", "Lägg till textblock") in _headings(body)
    assert "block-preview" not in body
    assert markup.empty_headings(markup.parse(body)) == []
