"""National demo contacts: a unit, three integration developers and the text blocks per county.

Invented people; phone numbers from the series PTS reserves for fiction
(08-465 004 xx). Counties that already have contacts are left alone.
"""

from __future__ import annotations

from core.models import County, Municipality

from .models import Contact, PageBlock, Topic, Unit

FIRST = ("Anna", "Erik", "Leila", "Johan", "Sofia", "Ali", "Maria")
LAST = ("Holm", "Strand", "Nilsson", "Karimi", "Lund", "Berg", "Öberg")


def seed_contacts(*, out, blocks: list[tuple[str, str, str]], counties=None) -> None:
    counties = list(counties if counties is not None else County.objects.all())
    have = set(Contact.objects.values_list("county_id", flat=True).distinct())
    todo = [c for c in counties if c.pk not in have]
    topics = list(Topic.objects.all())
    units = Unit.objects.bulk_create(
        [Unit(county=c, name="Enheten för social hållbarhet", order=10) for c in todo]
    )
    contacts: list[Contact] = []
    for county, unit in zip(todo, units, strict=True):
        for n in range(3):
            i = int(county.code) + n
            contacts.append(
                Contact(
                    county=county,
                    unit=unit,
                    name=f"{FIRST[i % len(FIRST)]} {LAST[(i * 3) % len(LAST)]}",
                    title="Integrationsutvecklare",
                    email=f"utvecklare{n + 1}.lan{county.code}@lansstyrelsen.example",
                    phone=f"+468465004{(i * 7) % 100:02d}",
                    order=(n + 1) * 10,
                    published=True,
                )
            )
    Contact.objects.bulk_create(contacts)
    by_county: dict[int, list[Contact]] = {}
    for contact in contacts:
        by_county.setdefault(contact.county_id, []).append(contact)
    muni_through = Contact.municipalities.through
    topic_through = Contact.topics.through
    links, topic_links = [], []
    for municipality in Municipality.objects.filter(county__in=todo).order_by("code"):
        people = by_county[municipality.county_id]
        person = people[int(municipality.code) % len(people)]
        links.append(muni_through(contact_id=person.pk, municipality_id=municipality.pk))
    for n, contact in enumerate(contacts):
        for topic in topics[n % 3 :: 3]:
            topic_links.append(topic_through(contact_id=contact.pk, topic_id=topic.pk))
    muni_through.objects.bulk_create(links)
    topic_through.objects.bulk_create(topic_links)
    have_blocks = set(PageBlock.objects.values_list("county_id", "key"))
    page_blocks = [
        PageBlock(county=county, key=key, heading=heading, body=body, order=(i + 1) * 10)
        for county in counties
        for i, (key, heading, body) in enumerate(blocks)
        if (county.pk, key) not in have_blocks
    ]
    PageBlock.objects.bulk_create(page_blocks)
    out.write(
        f"  contacts (national): {len(contacts)} contacts in {len(todo)} counties, "
        f"{len(page_blocks)} text blocks"
    )
