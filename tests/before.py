"""Pages rendered with an old template beside the new one (an app's tests keep it in
`tests/<app>/templates_before/`), for the changes that build table rows in Python instead
of a template loop: the bytes must be the same (bench/README.md, the miss-path rounds)."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import override_settings

TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+')


def _old_templates(before: Path) -> list[dict]:
    """The project's template settings with the old templates found first."""
    templates: list[dict[str, Any]] = copy.deepcopy(django_settings.TEMPLATES)
    templates[0]["DIRS"] = [before, *templates[0]["DIRS"]]
    return templates


def _page(client, url: str, status: int = 200) -> str:
    cache.clear()  # rendered afresh each time: a page-cache hit would compare nothing
    response = client.get(url)
    assert response.get("X-Portal-Cache") != "hit", url
    assert response.status_code == status, url
    return TOKEN.sub(r"\1-", response.content.decode())


def same_as_before(
    client, url: str, *, before: Path, template: str, loop: str, status: int = 200
) -> str:
    """The page at ``url`` with today's templates; asserts the old ``template`` in the
    directory ``before`` (which still has the template ``loop``) renders the same bytes."""
    assert loop in (before / template).read_text()
    new = _page(client, url, status)
    with override_settings(TEMPLATES=_old_templates(before)):
        old = _page(client, url, status)
    assert new == old, url
    return new
