from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from core import dataversion

#: The signed-in user is read from the cache while the data version is unchanged.
USER_CACHE_SECONDS = 5 * 60


class EmailBackend(ModelBackend):
    """Sign in with the e-mail address, whatever its letter case."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is not None:
            username = username.strip().lower()
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        """The session's user, from the cache while nothing in the portal's data changed.

        The users table is one of the data tables (``core.dataversion``): a new
        password, a deactivation, a new role or municipality changes the version, so
        the next request reads the user afresh. One query less on every signed-in page.
        """
        key = f"auth-user:{user_id}:{dataversion.for_this_request()}"
        row = cache.get(key)
        if row is not None:
            return self.rebuilt(row)
        user = super().get_user(user_id)
        if user is not None:
            names = [f.attname for f in user._meta.concrete_fields]
            cache.set(key, (names, [getattr(user, n) for n in names]), USER_CACHE_SECONDS)
        return user

    def rebuilt(self, row):
        """A fresh instance, as if just read from the database (no state carried over)."""
        return get_user_model().from_db("default", *row)
