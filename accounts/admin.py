from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

# django-otp's own device pages would show a TOTP secret to the administrator and delete
# devices past the security log: the reset action below is the one way to remove them.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationAdminForm
    form = UserChangeAdminForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "county", "is_active"]
    list_select_related = ["county"]
    list_filter = ["role", "county", "is_active", "is_superuser"]
    search_fields = ["email", "first_name", "last_name"]
    filter_horizontal = ["municipalities", "groups", "user_permissions"]
    actions = ["reset_mfa"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "title")}),
        (_("Roll i portalen"), {"fields": ("role", "county", "municipalities")}),
        (
            _("Administration"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Datum"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2", "role"),
            },
        ),
    )

    @admin.action(description=_("Återställ tvåstegsverifiering (app och reservkoder)"))
    def reset_mfa(self, request, queryset):
        """A lost phone: the account's app and recovery codes are removed, in the account's
        history and the security log; the person enrols again at the next sign-in."""
        from . import mfa

        done = 0
        for user in queryset:
            if mfa.is_enrolled(user) or mfa.recovery_codes_left(user):
                mfa.mfa_reset(
                    request=request,
                    user=user,
                    by=request.user,
                    reason=str(_("Återställd av systemadministratören.")),
                )
                done += 1
        self.message_user(
            request,
            _("Tvåstegsverifieringen är återställd för %(n)s konton.") % {"n": done},
            messages.SUCCESS,
        )
