"""Query budgets for list and overview pages.

    from tests.harness.queries import assert_same_query_count

    def test_agreement_list_queries_do_not_grow_with_rows(staff_client, municipality_a):
        assert_same_query_count(
            staff_client,
            reverse("agreements:list"),
            add_rows=lambda n: AgreementFactory.create_batch(n, municipality=municipality_a),
            budget=8,
        )

The page is loaded with 1 row and with 50 rows; the number of SQL queries must
be the same (and at most ``budget`` when given). django-zeal (test_settings.py)
catches most N+1 loops on its own; this catches the rest, e.g. a count() per row.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def count_queries(client: Client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, f"GET {url} answered {response.status_code}"
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def assert_same_query_count(
    client: Client,
    url: str,
    *,
    add_rows: Callable[[int], object],
    few: int = 1,
    many: int = 50,
    budget: int | None = None,
) -> int:
    """Load ``url`` with ``few`` rows, then with ``many``; same number of queries.

    ``add_rows(n)`` creates ``n`` more rows the page shows. Returns the count.
    """
    add_rows(few)
    small, _ = count_queries(client, url)
    add_rows(many - few)
    large, sql = count_queries(client, url)
    assert small == large, (
        f"GET {url}: {small} queries with {few} row(s) but {large} with {many} "
        "(a query per row?). Queries with many rows:\n" + "\n".join(sql)
    )
    if budget is not None:
        assert large <= budget, f"GET {url}: {large} queries, budget {budget}:\n" + "\n".join(sql)
    return large
