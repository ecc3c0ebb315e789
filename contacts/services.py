"""Every change to contacts and text blocks goes through here.

Each function runs in one transaction, checks that everything belongs to the
contact's county and records history (who, when, why). The public pages' caches
are keyed by the data version, which the write itself raises: never stale.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.history import record_change
from core.locking import check_version, claim_form_token, created_once
from core.models import County, Municipality

from . import history
from .models import Contact, PageBlock, Topic, Unit


def _check_municipalities(county: County, municipalities: Iterable[Municipality]) -> None:
    if any(m.county_id != county.pk for m in municipalities):
        raise ValidationError(_("Kommunerna måste ligga i länet."))


def unit_for(*, county: County, unit: Unit | None, new_unit_name: str = "") -> Unit:
    """The chosen unit, or a new (or existing, same name) one of the county."""
    if new_unit_name.strip():
        found, _created = Unit.objects.get_or_create(county=county, name=new_unit_name.strip())
        return found
    if unit is None or unit.county_id != county.pk:
        raise ValidationError(_("Välj en enhet i länet."))
    return unit


def _next_order(county: County) -> int:
    last = Contact.objects.in_county(county).order_by("-order").values_list("order", flat=True)
    return (last.first() or 0) + 10


@transaction.atomic
def contact_create(
    *,
    county: County,
    name: str,
    title: str,
    email: str,
    phone: str,
    unit: Unit | None,
    new_unit_name: str = "",
    topics: Iterable[Topic] = (),
    municipalities: Iterable[Municipality] = (),
    published: bool = False,
    form_token: str | None = None,
) -> Contact:
    """A new contact; ``form_token`` (the create form's) is claimed first, so the same
    form posted twice creates one contact and the second post is refused."""
    if form_token is not None:
        claim_form_token(form_token)
    municipalities = list(municipalities)
    _check_municipalities(county, municipalities)
    contact = Contact(
        county=county,
        name=name,
        title=title,
        email=email,
        phone=phone,
        unit=unit_for(county=county, unit=unit, new_unit_name=new_unit_name),
        order=_next_order(county),
        published=published,
    )
    record_change(contact, history.CONTACT_CREATED)
    contact.save()
    contact.topics.set(topics)
    contact.municipalities.set(municipalities)
    return contact


@transaction.atomic
def contact_update(
    *,
    contact: Contact,
    expected_version: int,
    name: str,
    title: str,
    email: str,
    phone: str,
    unit: Unit | None,
    new_unit_name: str = "",
    topics: Iterable[Topic] = (),
    municipalities: Iterable[Municipality] = (),
    published: bool,
    reason: str = "",
) -> Contact:
    """Save an edited contact; raises ``StaleVersion`` if it changed since it was opened."""
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    check_version(locked, expected_version)
    municipalities = list(municipalities)
    _check_municipalities(locked.county, municipalities)
    locked.name = name
    locked.title = title
    locked.email = email
    locked.phone = phone
    locked.unit = unit_for(county=locked.county, unit=unit, new_unit_name=new_unit_name)
    locked.published = published
    locked.version += 1
    record_change(locked, reason or history.CONTACT_CHANGED)
    locked.save()
    locked.topics.set(topics)
    locked.municipalities.set(municipalities)
    return locked


@transaction.atomic
def contact_set_published(*, contact: Contact, published: bool, expected_version: int) -> Contact:
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    check_version(locked, expected_version)
    if locked.published != published:
        locked.published = published
        locked.version += 1
        record_change(
            locked, (history.CONTACT_PUBLISHED if published else history.CONTACT_UNPUBLISHED)
        )
        locked.save()
    return locked


@transaction.atomic
def contact_move(*, contact: Contact, direction: str, expected_version: int) -> None:
    """Move a contact one step up or down within its unit's list on the public page.

    The county's contacts are renumbered 10, 20, 30… so equal or missing order
    values never make a move a no-op.
    """
    if direction not in ("up", "down"):
        raise ValidationError(_("Okänd riktning."))
    siblings = list(
        Contact.objects.select_for_update()
        .filter(county_id=contact.county_id, unit_id=contact.unit_id)
        .order_by("order", "name", "pk")
    )
    index = next(i for i, c in enumerate(siblings) if c.pk == contact.pk)
    # A move is relative: one based on an older list (a double click, another person's
    # move in between) would move the contact a step too far.
    check_version(siblings[index], expected_version)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.order != position * 10:
            sibling.order = position * 10
            sibling.version += 1
            record_change(sibling, history.CONTACT_MOVED)
            sibling.save()


def _duplicate_block_key() -> dict[str, str]:
    return {"key": _("Det finns redan ett textblock med det kortnamnet.")}


@transaction.atomic
def block_create(
    *, county: County, key: str, heading: str, body: str, order: int, published: bool
) -> PageBlock:
    if PageBlock.objects.filter(county=county, key=key).exists():
        raise ValidationError(_duplicate_block_key())
    block = PageBlock(
        county=county, key=key, heading=heading, body=body, order=order, published=published
    )
    record_change(block, history.BLOCK_CREATED)
    with created_once(_duplicate_block_key()):
        block.save()
    return block


@transaction.atomic
def block_update(
    *,
    block: PageBlock,
    expected_version: int,
    key: str,
    heading: str,
    body: str,
    order: int,
    published: bool,
    reason: str = "",
) -> PageBlock:
    """Save an edited text block; raises ``StaleVersion`` if it changed since it was opened."""
    locked = PageBlock.objects.select_for_update().get(pk=block.pk)
    check_version(locked, expected_version)
    if PageBlock.objects.filter(county_id=locked.county_id, key=key).exclude(pk=locked.pk).exists():
        raise ValidationError(_duplicate_block_key())
    locked.key = key
    locked.heading = heading
    locked.body = body
    locked.order = order
    locked.published = published
    locked.version += 1
    record_change(locked, reason or history.BLOCK_CHANGED)
    with created_once(_duplicate_block_key()):
        locked.save()
    return locked
