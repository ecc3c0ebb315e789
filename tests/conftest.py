"""Named personas shared by every test.

anonymous, staff (county 01), other_county_staff (county 03), reporter_a
(municipality A = 0181 Södertälje), reporter_b (municipality B = 0126
Huddinge), admin. Municipality C (0180 Stockholm) has no reporter.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.models import User
from core.models import County, Municipality
from tests.factories.accounts import PASSWORD, client_for, make_user  # noqa: F401  (re-exported)


def _tell_zeal_the_cached_user_is_single() -> None:
    """django-zeal ignores instances read one at a time (``.get()``), as the session's user
    is; the sign-in user cache rebuilds that user without a query, so say so to zeal."""
    from zeal.listeners import n_plus_one_listener
    from zeal.patch import get_instance_key

    from accounts.backends import EmailBackend

    rebuilt = EmailBackend.rebuilt

    def rebuilt_single(self, row):
        user = rebuilt(self, row)
        n_plus_one_listener.ignore(get_instance_key(user))
        return user

    EmailBackend.rebuilt = rebuilt_single


_tell_zeal_the_cached_user_is_single()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache.

    Each test's database changes are rolled back, the data version with them, and
    SQLite hands out the same ids again: a page cached in one test would match the
    key of another test's page (the same user id, data version and path).
    """
    _clear_cache()
    yield
    _clear_cache()


def _clear_cache() -> None:
    """LocMem: clear. Redis (CACHE_URL): delete only this test worker's keys, never the
    database other workers (or other people) use."""
    from django.core.cache.backends.redis import RedisCache

    if not isinstance(_default(), RedisCache):
        cache.clear()
        return
    redis = _default()._cache.get_client(write=True)
    keys = list(redis.scan_iter(match=f"{_default().key_prefix}:*", count=1000))
    if keys:
        redis.delete(*keys)


def _default():
    from django.core.cache import caches

    return caches["default"]


def _only_test_blocks(connection) -> bool:
    blocks = connection.atomic_blocks
    return bool(blocks) and all(block._from_testcase for block in blocks)


def _run_hooks(hooks) -> None:
    for _sids, func, robust in hooks:
        if robust:
            try:
                func()
            except Exception:  # noqa: BLE001 - as Django's own robust hooks
                pass
        else:
            func()


@pytest.fixture(autouse=True)
def _commit_hooks_as_in_production(monkeypatch):
    """``transaction.on_commit`` callbacks run where production commits.

    A ``db`` test runs inside the test case's own atomic block, so Django would never
    run them (e-mails are delivered from the outbox on commit, ``core/outbox.py``).
    Here they run when the outermost atomic block that is *not* the test case's exits
    without error, or at once when only the test case's blocks are open, as in
    autocommit. A block that rolls back drops its callbacks (Django's own rule), so a
    rolled-back change still mails nothing. ``transactional_db`` tests and the live
    server commit for real and are not affected.
    """
    from django.db import transaction
    from django.db.backends.base.base import BaseDatabaseWrapper

    from core import outbox

    outbox.resume_on_commit_delivery()
    original_on_commit = BaseDatabaseWrapper.on_commit
    original_exit = transaction.Atomic.__exit__

    def on_commit(self, func, robust=False):
        if _only_test_blocks(self) and not self.needs_rollback:
            _run_hooks([(set(), func, robust)])
        else:
            original_on_commit(self, func, robust)

    def exit_(self, exc_type, exc_value, traceback):
        connection = transaction.get_connection(self.using)
        result = original_exit(self, exc_type, exc_value, traceback)
        if (
            exc_type is None
            and not self._from_testcase
            and _only_test_blocks(connection)
            and not connection.needs_rollback
        ):
            hooks, connection.run_on_commit = connection.run_on_commit, []
            _run_hooks(hooks)
        return result

    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)
    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_)
    yield
    outbox.resume_on_commit_delivery()


@pytest.fixture
def county(db) -> County:
    return County.objects.get(code="01")


@pytest.fixture
def other_county(db) -> County:
    return County.objects.get(code="03")


@pytest.fixture
def municipality_a(db) -> Municipality:
    return Municipality.objects.get(code="0181")


@pytest.fixture
def municipality_b(db) -> Municipality:
    return Municipality.objects.get(code="0126")


@pytest.fixture
def municipality_c(db) -> Municipality:
    return Municipality.objects.get(code="0180")


@pytest.fixture
def other_county_municipality(db) -> Municipality:
    return Municipality.objects.get(code="0380")  # Uppsala


@pytest.fixture
def staff(county) -> User:
    return make_user(
        "staff@lansstyrelsen.example",
        first_name="Stina",
        last_name="Staff",
        role=User.Role.STAFF,
        county=county,
    )


@pytest.fixture
def other_county_staff(other_county) -> User:
    return make_user(
        "other@lansstyrelsen.example",
        first_name="Olle",
        last_name="Other",
        role=User.Role.STAFF,
        county=other_county,
    )


@pytest.fixture
def reporter_a(municipality_a) -> User:
    return make_user(
        "reporter.a@kommun-a.example",
        first_name="Anna",
        last_name="Reporter",
        role=User.Role.REPORTER,
        municipalities=[municipality_a],
    )


@pytest.fixture
def reporter_b(municipality_b) -> User:
    return make_user(
        "reporter.b@kommun-b.example",
        first_name="Bertil",
        last_name="Reporter",
        role=User.Role.REPORTER,
        municipalities=[municipality_b],
    )


@pytest.fixture
def admin(db) -> User:
    return make_user("admin@lansstyrelsen.example", superuser=True)


@pytest.fixture
def anonymous(db) -> None:
    return None


@pytest.fixture
def staff_client(staff) -> Client:
    return client_for(staff)


@pytest.fixture
def reporter_a_client(reporter_a) -> Client:
    return client_for(reporter_a)


@pytest.fixture
def personas(staff, other_county_staff, reporter_a, reporter_b, admin) -> dict[str, User | None]:
    """Every persona by name, for tests that walk all of them."""
    return {
        "anonymous": None,
        "staff": staff,
        "other_county_staff": other_county_staff,
        "reporter_a": reporter_a,
        "reporter_b": reporter_b,
        "admin": admin,
    }


@pytest.fixture(scope="session")
def _oidc_process():
    from tests.oidc_provider import RunningProvider

    provider = RunningProvider()
    yield provider
    provider.stop()


@pytest.fixture
def oidc_provider(_oidc_process, settings):
    """The test OpenID provider (a real process, tests/oidc_provider/server.py), reset,
    with the portal configured to sign staff in through it."""
    from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET

    _oidc_process.control(reset=True)
    settings.OIDC_ISSUER = _oidc_process.issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_ORGANISATION = "Länsstyrelsen"
    settings.OIDC_REQUIRED_ACR = ""
    return _oidc_process
