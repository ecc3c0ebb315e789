"""The public pages: integration page, contact page with filter and vCards, accessibility."""

from __future__ import annotations

from itertools import groupby

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.models import Municipality
from core.pagecache import FragmentCache, cached_page, portal_county_contacts

from .. import accessibility as statement
from ..models import Contact, PageBlock, Topic
from ..vcard import build_vcard


def _county_code() -> str:
    return settings.PORTAL_COUNTY_CODE


@require_safe
@cached_page(scopes=portal_county_contacts)
def home(request: HttpRequest) -> HttpResponse:
    """The public integration page: the county board's mission, as staff wrote it."""
    code = _county_code()

    def render_blocks() -> str:
        blocks = PageBlock.objects.filter(county__code=code).published().order_by("order", "pk")
        return render_to_string("contacts/_home_body.html", {"blocks": list(blocks)})

    body = FragmentCache(f"contacts:{code}", portal_county_contacts(request)).fragment(
        "home", render=render_blocks
    )
    return render(request, "contacts/home.html", {"blocks_html": body})


def _filter_choices(code: str) -> dict:
    return {
        "municipalities": list(
            Municipality.objects.filter(county__code=code)
            .order_by("name")
            .values_list("code", "name")
        ),
        "topics": list(Topic.objects.order_by("order", "name").values_list("slug", "name")),
    }


def _contact_groups(code: str, municipality_code: str, topic_slug: str) -> list:
    contacts = Contact.objects.filter(county__code=code).published()
    contacts = contacts.responsible_for(municipality_code=municipality_code, topic_slug=topic_slug)
    contacts = contacts.with_areas().in_display_order()
    return [(unit, list(members)) for unit, members in groupby(contacts, key=lambda c: c.unit)]


def _fallback(code: str, municipality_code: str, topic_slug: str) -> dict:
    """When nobody answers for both the municipality and the topic: the municipality's own
    developer and the topic's general contact, each found alone (a dead end helps no one)."""
    published = Contact.objects.filter(county__code=code).published()
    return {
        "own": list(
            published.own_for_municipality(municipality_code).with_areas().in_display_order()
        ),
        "general": list(published.general_for_topic(topic_slug).with_areas().in_display_order()),
    }


def _contact_body(code: str, context: dict) -> str:
    municipality, topic = context["wanted_municipality"], context["wanted_topic"]
    groups = _contact_groups(code, municipality, topic)
    extra = {"groups": groups}
    if not groups and municipality and topic:
        extra["fallback"] = _fallback(code, municipality, topic)
    return render_to_string("contacts/_contact_body.html", {**context, **extra})


@require_safe
@cached_page(scopes=portal_county_contacts, params=("kommun", "amne"))
def contact(request: HttpRequest) -> HttpResponse:
    """Contacts grouped by unit, and "find your contact" by municipality and/or topic.

    An unknown municipality or topic in the query gives an explained empty
    result (200), never an error.
    """
    code = _county_code()
    cache = FragmentCache(f"contacts:{code}", portal_county_contacts(request))
    choices = cache.get("choices", compute=lambda: _filter_choices(code))
    municipality_names = dict(choices["municipalities"])
    topic_names = dict(choices["topics"])

    wanted_municipality = request.GET.get("kommun", "").strip()
    wanted_topic = request.GET.get("amne", "").strip()
    unknown_municipality = (
        bool(wanted_municipality) and wanted_municipality not in municipality_names
    )
    unknown_topic = bool(wanted_topic) and wanted_topic not in topic_names
    context = {
        "choices": choices,
        "wanted_municipality": wanted_municipality,
        "wanted_topic": wanted_topic,
        "municipality_name": municipality_names.get(wanted_municipality, ""),
        "topic_name": topic_names.get(wanted_topic, ""),
        "filtered": bool(wanted_municipality or wanted_topic),
        "selection": _(" och ").join(
            name
            for name in (
                municipality_names.get(wanted_municipality),
                topic_names.get(wanted_topic),
            )
            if name
        ),
        "unknown_municipality": unknown_municipality,
        "unknown_topic": unknown_topic,
    }
    if unknown_municipality or unknown_topic:
        # Not cached: the typed value is shown back, and nobody may fill the cache with junk.
        context["groups"] = []
        body = render_to_string("contacts/_contact_body.html", context)
    else:
        body = cache.fragment(
            "contact",
            wanted_municipality or "-",
            wanted_topic or "-",
            render=lambda: _contact_body(code, context),
        )
    return render(request, "contacts/contact.html", {"body": body})


@require_safe
def vcard(request: HttpRequest, pk: int) -> HttpResponse:
    """A published contact's card for the address book (text/vcard, UTF-8)."""
    person = get_object_or_404(
        Contact.objects.filter(county__code=_county_code()).published().select_related("unit"),
        pk=pk,
    )
    response = HttpResponse(
        build_vcard(person, organisation=settings.PORTAL_ORGANISATION),
        content_type="text/vcard; charset=utf-8",
    )
    filename = slugify(person.name) or "kontakt"
    response["Content-Disposition"] = f'attachment; filename="{filename}.vcf"'
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (tillgänglighetsredogörelse) required by the DOS law."""
    return render(
        request,
        "contacts/accessibility.html",
        {
            "assessed_on": statement.ASSESSED_ON,
            "published_on": statement.PUBLISHED_ON,
            "updated_on": statement.UPDATED_ON,
            "manual_review_by": statement.MANUAL_REVIEW_BY,
            "standard": statement.STANDARD,
            "axe_version": statement.AXE_VERSION,
            "known_gaps": statement.KNOWN_GAPS,
            "complaint_url": statement.COMPLAINT_URL,
            "response_days": statement.RESPONSE_WORKING_DAYS,
            "feedback_email": settings.PORTAL_FEEDBACK_EMAIL,
            "feedback_phone": settings.PORTAL_FEEDBACK_PHONE,
        },
    )
