"""Real concurrency for race tests: the same request from many threads at once.

Each thread has its own database connection (Django's connections are per thread),
so on PostgreSQL the requests race exactly as parallel gunicorn workers would. Used
with ``django_db(transaction=True)``: the threads see only committed rows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection

from tests.harness.forms import data_entry_forms

T = TypeVar("T")


def at_once(calls: list[Callable[[], T]], *, timeout: float = 60) -> list[T]:
    """Run every call in its own thread, released together; their results in order.

    An exception in any thread (a 500 is one: the test client re-raises it) is raised
    here after all threads have finished.
    """
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], T]) -> None:
        try:
            barrier.wait(timeout=timeout)
            results[index] = call()
        except BaseException as exc:  # noqa: BLE001 - reported to the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    if errors:
        raise errors[0]
    return results


def form_data(html: str, **overrides) -> dict:
    """What the page's first data-entry form posts as rendered, with ``overrides``."""
    form = data_entry_forms(html)[0]
    data = {}
    for field in form.fields.values():
        if field.kind in ("checkbox", "radio"):
            continue
        data[field.name] = field.value
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
