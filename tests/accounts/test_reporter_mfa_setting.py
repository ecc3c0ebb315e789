"""The county board requires two-step verification of its municipalities' reporters
(issue 17: "optional for reporters, with a county setting to require it"): staff set it on
their user page, from the next sign-in a reporter without an app must set one up, and
who changed it when is shown."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from accounts import mfa
from core.models import County
from tests.factories.accounts import client_for
from tests.factories.mfa import give_app, post_password

pytestmark = pytest.mark.django_db

USERS = reverse("accounts:users")
SETTING = reverse("accounts:reporter_mfa_setting")
ENROL_PAGE = reverse("accounts:mfa_sign_in_enrol")


def test_a_reporter_signs_in_with_the_password_alone_until_the_county_requires_more(
    client, reporter_a, county, staff, settings
):
    settings.MFA_REQUIRED_FOR_REPORTERS = False
    assert not mfa.required_for(reporter_a)
    county.reporters_need_mfa = True
    county.save()
    assert mfa.required_for(reporter_a)
    assert post_password(client, reporter_a)["Location"] == ENROL_PAGE
    assert "_auth_user_id" not in client.session


def test_another_countys_requirement_does_not_apply(client, reporter_a, other_county, settings):
    settings.MFA_REQUIRED_FOR_REPORTERS = False
    other_county.reporters_need_mfa = True
    other_county.save()
    assert not mfa.required_for(reporter_a)
    assert post_password(client, reporter_a)["Location"] != ENROL_PAGE


def test_staff_require_it_on_their_user_page_and_see_who_did(
    staff, county, reporter_a, caplog, settings
):
    settings.MFA_REQUIRED_FOR_REPORTERS = False
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    client = client_for(staff)
    page = client.get(USERS).content.decode()
    assert "Kräv tvåstegsverifiering av kommunernas rapportörer" in page
    assert f'action="{SETTING}"' in page
    assert "0 av 1 aktiv rapportör har ställt in tvåstegsverifiering." in page

    response = client.post(SETTING, {"required": "on"}, follow=True)
    county.refresh_from_db()
    assert county.reporters_need_mfa
    assert county.reporters_need_mfa_changed_by == staff
    assert county.reporters_need_mfa_changed_at is not None
    page = response.content.decode()
    assert "måste nu använda tvåstegsverifiering från nästa inloggning" in page
    assert "Stockholms län kräver i dag tvåstegsverifiering" in page
    assert "av Stina Staff" in page
    assert "event=mfa_reporters_required user=staff@lansstyrelsen.example" in caplog.text
    assert mfa.required_for(reporter_a)

    give_app(reporter_a)
    assert "1 av 1 aktiv rapportör har ställt in" in client.get(USERS).content.decode()

    # Unticked: optional again.
    response = client.post(SETTING, {}, follow=True)
    county.refresh_from_db()
    assert not county.reporters_need_mfa
    assert "frivillig" in response.content.decode()
    assert not mfa.required_for(reporter_a)


def test_a_double_submit_changes_it_once_and_says_so(staff, county, caplog):
    caplog.set_level(logging.INFO, logger="integration_portal.security")
    client = client_for(staff)
    client.post(SETTING, {"required": "on"})
    changed_at = County.objects.get(pk=county.pk).reporters_need_mfa_changed_at
    response = client.post(SETTING, {"required": "on"}, follow=True)
    assert "Inställningen var redan sparad så. Inget har ändrats." in response.content.decode()
    assert County.objects.get(pk=county.pk).reporters_need_mfa_changed_at == changed_at
    assert caplog.text.count("event=mfa_reporters_required") == 1


def test_staff_change_their_own_county_only(other_county_staff, county, other_county):
    client_for(other_county_staff).post(SETTING, {"required": "on"})
    assert not County.objects.get(pk=county.pk).reporters_need_mfa
    assert County.objects.get(pk=other_county.pk).reporters_need_mfa


def test_the_setting_is_post_only_and_not_for_reporters(staff, reporter_a, county):
    assert client_for(staff).get(SETTING).status_code == 405
    assert client_for(reporter_a).post(SETTING, {"required": "on"}).status_code == 403
    assert not County.objects.get(pk=county.pk).reporters_need_mfa


def test_when_the_installation_requires_it_the_page_says_so_and_offers_no_switch(staff, settings):
    settings.MFA_REQUIRED_FOR_REPORTERS = True
    page = client_for(staff).get(USERS).content.decode()
    assert "Portalen kräver tvåstegsverifiering av alla rapportörer" in page
    assert f'action="{SETTING}"' not in page


def test_a_passkey_counts_as_a_second_factor_on_the_page(staff, reporter_a, reporter_b):
    from tests.factories.webauthn import give_passkey

    give_passkey(reporter_a)
    assert mfa.enrolment_counts(
        type(reporter_a).objects.filter(pk__in=[reporter_a.pk, reporter_b.pk])
    ) == (1, 2)
