from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache

from core import dataversion
from core.pagecache import user_scopes

#: The signed-in user is read from the cache while the data version is unchanged.
USER_CACHE_SECONDS = 5 * 60
#: Which versions to read with the user's own (a hint only: never trusted for a key).
HINT_SECONDS = 24 * 60 * 60


class EmailBackend(ModelBackend):
    """Sign in with the e-mail address, whatever its letter case."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is not None:
            username = username.strip().lower()
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        """The session's user, from the cache while the reference data is unchanged.

        The users tables are reference data (scope ``g`` of ``core.dataversion``): a new
        password, a deactivation, a new role or municipality changes that version, so
        the next request reads the user afresh; signing in (``last_login``) does not.
        The entry also names the scopes of the user's own pages (and a longer-lived hint
        keeps them when the entry is gone), so the page cache's versions are read in the
        same query as this one's: one query on every cached signed-in page.
        """
        key, hint_key = f"auth-user:{user_id}", f"auth-scopes:{user_id}"
        found = cache.get_many([key, hint_key])
        entry, hint = found.get(key), found.get(hint_key) or ()
        if entry is not None:
            version, scopes, row = entry
            versions = dataversion.for_this_request(
                dataversion.GLOBAL, *dataversion.with_groups(scopes)
            )
            if versions[dataversion.GLOBAL] == version:
                user = self.rebuilt(row)
                user.portal_scopes = scopes
                return user
        version = dataversion.for_this_request(dataversion.GLOBAL, *dataversion.with_groups(hint))[
            dataversion.GLOBAL
        ]
        user = self.user_with_county(user_id)
        if user is not None:
            scopes = user_scopes(user)
            names = [f.attname for f in user._meta.concrete_fields]
            row = (names, [getattr(user, n) for n in names])
            cache.set_many({key: (version, scopes, row)}, USER_CACHE_SECONDS)
            if tuple(hint) != scopes:
                cache.set(hint_key, scopes, HINT_SECONDS)
        return user

    def user_with_county(self, user_id):
        try:
            user = get_user_model()._default_manager.select_related("county").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def rebuilt(self, row):
        """A fresh instance, as if just read from the database (no state carried over)."""
        return get_user_model().from_db("default", *row)


def _remember_scopes(sender, request, user, **kwargs) -> None:
    """At sign-in: the first page's versions are read in one query with the user's."""
    cache.set(f"auth-scopes:{user.pk}", user_scopes(user), HINT_SECONDS)


user_logged_in.connect(_remember_scopes, dispatch_uid="portal_remember_scopes")
