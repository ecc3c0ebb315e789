"""The 503 page also covers the database driver's own errors (found by bench/faults.py)."""

import pytest
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import RequestFactory

from integration_portal.middleware import DatabaseUnavailableMiddleware, is_database_unavailable


def _middleware() -> DatabaseUnavailableMiddleware:
    return DatabaseUnavailableMiddleware(lambda request: HttpResponse("ok"))


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("server closed the connection unexpectedly"),
        connection.Database.OperationalError("server closed the connection unexpectedly"),
        connection.Database.InterfaceError("connection already closed"),
    ],
)
def test_driver_and_django_database_errors_answer_503_with_retry_after(error):
    request = RequestFactory().get("/overenskommelser/")
    response = _middleware().process_exception(request, error)
    assert response is not None
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Traceback" not in response.content.decode()


def test_other_errors_are_left_to_the_500_handler():
    request = RequestFactory().get("/")
    assert _middleware().process_exception(request, ValueError("bug")) is None
    assert not is_database_unavailable(ValueError("bug"))
