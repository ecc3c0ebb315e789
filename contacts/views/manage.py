"""Staff pages: manage the county's contacts and the integration page's text blocks.

County staff manage their own county; the system administrator manages the
county the public pages speak for (``PORTAL_COUNTY_CODE``). Objects are fetched
through the access module: another county's contact answers 404.
"""

from __future__ import annotations

from itertools import groupby

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.access import get_for_staff, staff_required
from core.counties import staff_county
from core.forms import VERSION_MISSING, VersionField, apply_service_errors
from core.locking import StaleVersion

from .. import services
from ..forms import ContactCreateForm, ContactForm, PageBlockForm
from ..history import history_rows
from ..models import Contact, PageBlock

CONFLICT = gettext_lazy(
    "Någon annan har sparat ändringar sedan du öppnade sidan. Dina ändringar är inte sparade. "
    "Öppna sidan igen för att se de senaste uppgifterna."
)


@staff_required
@require_http_methods(["GET", "HEAD"])
def contact_list(request: HttpRequest) -> HttpResponse:
    county = staff_county(request)
    contacts = list(Contact.objects.in_county(county).with_areas().in_display_order())
    groups = []
    for unit, members in groupby(contacts, key=lambda c: c.unit):
        groups.append((unit, list(members)))
    return render(
        request,
        "contacts/manage/contact_list.html",
        {"county": county, "groups": groups, "contact_count": len(contacts)},
    )


def _contact_fields(form: ContactForm) -> dict:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "title": data["title"],
        "email": data["email"],
        "phone": data["phone"],
        "unit": data["unit"],
        "new_unit_name": data["new_unit_name"],
        "topics": data["topics"],
        "municipalities": data["municipalities"],
        "published": data["published"],
    }


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact_create_view(request: HttpRequest) -> HttpResponse:
    county = staff_county(request)
    form = ContactCreateForm(request.POST or None, county=county)
    form.submit_label = _("Lägg till")
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(
                county=county, form_token=form.cleaned_data["form_token"], **_contact_fields(form)
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s är tillagd.") % {"name": contact.name})
            return redirect("contacts:manage_contacts")
    return render(request, "contacts/manage/contact_form.html", {"form": form, "county": county})


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_for_staff(
        Contact.objects.select_related("county", "unit"),
        request.user,
        municipality_path=None,
        county_path="county",
        pk=pk,
    )
    if request.method == "POST":
        form = ContactForm(request.POST, county=contact.county)
        if form.is_valid():
            try:
                services.contact_update(
                    contact=contact,
                    expected_version=form.cleaned_data["version"],
                    **_contact_fields(form),
                )
            except StaleVersion:
                form.add_error(None, CONFLICT)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Ändringarna är sparade."))
                return redirect("contacts:manage_contacts")
    else:
        form = ContactForm(initial=ContactForm.initial_for(contact), county=contact.county)
    return render(
        request,
        "contacts/manage/contact_form.html",
        {
            "form": form,
            "contact": contact,
            "county": contact.county,
            "history": history_rows(contact),
        },
    )


def _contact_for_change(request: HttpRequest, pk: int) -> Contact:
    return get_for_staff(
        Contact.objects.select_related("county"),
        request.user,
        municipality_path=None,
        county_path="county",
        pk=pk,
    )


@staff_required
@require_POST
def contact_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact_for_change(request, pk)
    direction = request.POST.get("direction", "")
    version = _posted_version(request)
    try:
        services.contact_move(contact=contact, direction=direction, expected_version=version)
    except StaleVersion:
        messages.error(request, CONFLICT if version is not None else VERSION_MISSING)
    except ValidationError:
        messages.error(request, _("Välj om kontaktpersonen ska flyttas upp eller ned."))
    else:
        messages.success(request, _("Ordningen för %(name)s är ändrad.") % {"name": contact.name})
    return redirect(f"{_manage_url()}#contact-{contact.pk}")


@staff_required
@require_POST
def contact_publish(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact_for_change(request, pk)
    wanted = request.POST.get("published")
    if wanted not in ("0", "1"):
        messages.error(request, _("Välj om kontaktpersonen ska visas eller döljas."))
    else:
        version = _posted_version(request)
        try:
            services.contact_set_published(
                contact=contact, published=wanted == "1", expected_version=version
            )
        except StaleVersion:
            messages.error(request, CONFLICT if version is not None else VERSION_MISSING)
            return redirect(f"{_manage_url()}#contact-{contact.pk}")
        if wanted == "1":
            text = _("%(name)s visas nu på kontaktsidan.")
        else:
            text = _("%(name)s visas inte längre på kontaktsidan.")
        messages.success(request, text % {"name": contact.name})
    return redirect(f"{_manage_url()}#contact-{contact.pk}")


class _VersionForm(forms.Form):
    version = VersionField(min_value=1)


def _posted_version(request: HttpRequest) -> int | None:
    """The version a one-button form was shown with, or None (then the service refuses)."""
    form = _VersionForm(request.POST)
    return form.cleaned_data["version"] if form.is_valid() else None


def _manage_url() -> str:
    return reverse("contacts:manage_contacts")


@staff_required
@require_http_methods(["GET", "HEAD"])
def block_list(request: HttpRequest) -> HttpResponse:
    county = staff_county(request)
    blocks = PageBlock.objects.in_county(county).order_by("order", "pk")
    return render(request, "contacts/manage/block_list.html", {"county": county, "blocks": blocks})


def _block_fields(form: PageBlockForm) -> dict:
    data = form.cleaned_data
    return {
        "key": data["key"],
        "heading": data["heading"],
        "body": data["body"],
        "order": data["order"],
        "published": data["published"],
    }


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def block_create_view(request: HttpRequest) -> HttpResponse:
    county = staff_county(request)
    form = PageBlockForm(request.POST or None)
    form.submit_label = _("Lägg till")
    if request.method == "POST" and form.is_valid():
        try:
            services.block_create(county=county, **_block_fields(form))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Textblocket är tillagt."))
            return redirect("contacts:manage_blocks")
    return render(request, "contacts/manage/block_form.html", {"form": form, "county": county})


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def block_edit(request: HttpRequest, pk: int) -> HttpResponse:
    block = get_for_staff(
        PageBlock.objects.select_related("county"),
        request.user,
        municipality_path=None,
        county_path="county",
        pk=pk,
    )
    if request.method == "POST":
        form = PageBlockForm(request.POST)
        if form.is_valid():
            try:
                services.block_update(
                    block=block,
                    expected_version=form.cleaned_data["version"],
                    **_block_fields(form),
                )
            except StaleVersion:
                form.add_error(None, CONFLICT)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Textblocket är sparat."))
                return redirect("contacts:manage_blocks")
    else:
        form = PageBlockForm(initial=PageBlockForm.initial_for(block))
    # Not "block": inside a template's {% block %} that name is the template block itself.
    return render(
        request,
        "contacts/manage/block_form.html",
        # Not "block": inside {% block %} that name is the template block itself.
        {
            "form": form,
            "text_block": block,
            "county": block.county,
            "history": history_rows(block),
        },
    )
