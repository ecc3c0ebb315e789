"""Signed-in sessions end after a while idle and after an absolute lifetime.

Staff sessions end after ``PORTAL_STAFF_IDLE_MINUTES`` (default 30) without a request,
reporters' after ``PORTAL_REPORTER_IDLE_MINUTES`` (default 60), everyone's
``PORTAL_SESSION_MAX_HOURS`` (default 12) after signing in, however active. The times
live in the session itself (``SESSION_COOKIE_AGE`` is the absolute lifetime as well),
refreshed at most once a minute so that reading pages does not write the session row
on every request.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.utils.translation import gettext as _

STARTED = "portal_session_started"
SEEN = "portal_session_seen"
#: Whether the user is a reporter, noted at sign-in (so that a request need not load the
#: user to know which idle limit applies).
REPORTER = "portal_session_reporter"
#: Seconds between two writes of "last seen" (the idle clock's resolution).
SEEN_RESOLUTION = 60


def idle_seconds(*, reporter: bool) -> int:
    if reporter:
        return settings.PORTAL_REPORTER_IDLE_MINUTES * 60
    return settings.PORTAL_STAFF_IDLE_MINUTES * 60


@receiver(user_logged_in)
def _started(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = now
        request.session[SEEN] = now
        request.session[REPORTER] = bool(getattr(user, "is_reporter", False))


class SessionTimeoutMiddleware:
    """After the authentication and message middleware: sign out an idle or too old session."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        # The session says whether someone is signed in: the user itself is not loaded
        # here (the view loads it when it needs it, from the user cache).
        session = getattr(request, "session", None)
        if session is not None and SESSION_KEY in session:
            expired = self._expired(request, session)
            if expired:
                logout(request)
                messages.info(request, expired)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    def _expired(self, request, session) -> str:
        now = int(time.time())
        started, seen = session.get(STARTED), session.get(SEEN)
        if not isinstance(started, int) or not isinstance(seen, int) or REPORTER not in session:
            # A session from before this rule: its clocks start now.
            session[STARTED] = session[SEEN] = now
            session[REPORTER] = bool(getattr(request.user, "is_reporter", False))
            return ""
        idle = idle_seconds(reporter=session[REPORTER])
        if now - started > settings.PORTAL_SESSION_MAX_HOURS * 3600:
            return _("Du har loggats ut eftersom det var länge sedan du loggade in. Logga in igen.")
        if now - seen > idle:
            return _(
                "Du har loggats ut efter %(minutes)s minuter utan aktivitet. Logga in igen."
            ) % {"minutes": idle // 60}
        if now - seen >= SEEN_RESOLUTION:
            session[SEEN] = now
        return ""
