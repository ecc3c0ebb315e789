"""The accessibility statement says what the law asks, and only what the project really does."""

from __future__ import annotations

import html
import re

import pytest

from contacts import accessibility as statement
from tests.browser import axe, crawl
from tests.harness import markup

pytestmark = pytest.mark.django_db


def _text(client, language: str = "sv") -> str:
    client.cookies["django_language"] = language
    body = client.get("/tillganglighet/").content.decode()
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def _gap_items(client) -> list[str]:
    root = markup.parse(client.get("/tillganglighet/").content.decode())
    (gaps,) = (e for e in root.iter() if "known-gaps" in e.classes())
    return [" ".join(li.all_text().split()) for li in gaps.children if li.tag == "li"]


def test_statement_lists_every_known_gap_with_its_criterion_and_fix_date(client):
    items = _gap_items(client)
    assert len(items) == len(statement.KNOWN_GAPS) >= 1
    for item, gap in zip(items, statement.KNOWN_GAPS, strict=True):
        assert str(gap.what)[:40] in item
        for criterion in gap.criteria:
            assert str(criterion) in item
        assert f"Åtgärdas senast {gap.fix_by.day}" in item
    body = client.get("/tillganglighet/").content.decode()
    for gap in statement.KNOWN_GAPS:
        assert f'datetime="{gap.fix_by:%Y-%m-%d}"' in body


def test_statement_names_every_page_the_browser_tests_leave_out(client):
    """crawl.NOT_CHECKED says each left-out page is declared in the statement."""
    text = _text(client)
    assert set(crawl.NOT_CHECKED) == {"admin:index"}
    assert "/admin/" in text and "inte bedömt" in text


def test_statement_says_what_was_assessed_how_and_when(client):
    text = " ".join(_text(client).split())
    assert "EN 301 549 V3.2.1" in text
    assert "WCAG 2.1 nivå A och AA" in text
    assert f"axe-core {statement.AXE_VERSION}" in text
    assert "tangentbord" in text and "320 pixlars bredd" in text
    assert "Manuella kontroller" in text
    assert "1 december 2026" in text  # when
    assert "skärmläsare" in text and "31 mars 2027" in text  # what is not done yet


def test_statement_claims_the_axe_version_and_rules_the_tests_really_use(client):
    from axe_playwright_python.base import AXE_SCRIPT

    assert f"axe v{statement.AXE_VERSION}" in AXE_SCRIPT[:200]
    assert "Inga regler är avstängda" in _text(client)
    assert axe.DISABLED_RULES == {}, "the statement says no axe rule is switched off"


def test_statement_gives_a_feedback_route_with_response_time_and_the_complaint_link(
    client, settings
):
    text = " ".join(_text(client).split())
    assert settings.PORTAL_FEEDBACK_EMAIL in text
    assert "010-223 10 00" in text
    assert "Vi svarar inom 5 arbetsdagar" in text
    body = client.get("/tillganglighet/").content.decode()
    assert 'href="tel:+46102231000"' in body
    assert 'href="https://www.digg.se/tdosanmalan"' in body
    assert "stockholm@lansstyrelsen.se" not in body  # the address is entity-encoded


def test_statement_in_english_has_the_same_parts(client):
    text = " ".join(_text(client, "en").split())
    for needed in (
        "partially compliant",
        "EN 301 549 V3.2.1",
        "We respond within 5 working days",
        "Fix by",
    ):
        assert needed in text
