"""Fixtures for the contacts app: units, topics, contacts and text blocks in county 01."""

from __future__ import annotations

import itertools

import pytest

from contacts.models import Contact, PageBlock, Topic, Unit

_serial = itertools.count(1)


@pytest.fixture
def unit(county) -> Unit:
    return Unit.objects.create(county=county, name="Enheten för social hållbarhet", order=10)


@pytest.fixture
def sfi(db) -> Topic:
    return Topic.objects.get(slug="sfi")


@pytest.fixture
def civic(db) -> Topic:
    return Topic.objects.get(slug="samhallsorientering")


@pytest.fixture
def make_contact(county, unit):
    def make(**fields) -> Contact:
        municipalities = fields.pop("municipalities", [])
        topics = fields.pop("topics", [])
        n = next(_serial)
        defaults = {
            "county": county,
            "unit": unit,
            "name": f"Testperson {n}",
            "title": "Integrationsutvecklare",
            "email": f"testperson.{n}@lansstyrelsen.example",
            "phone": "+46846500410",
            "order": n * 10,
            "published": True,
        }
        defaults.update(fields)
        contact = Contact.objects.create(**defaults)
        contact.municipalities.set(municipalities)
        contact.topics.set(topics)
        return contact

    return make


@pytest.fixture
def contact(make_contact, municipality_a, sfi) -> Contact:
    return make_contact(
        name="Karin Åberg",
        email="karin.aberg@lansstyrelsen.example",
        phone="+46102236209",
        municipalities=[municipality_a],
        topics=[sfi],
    )


@pytest.fixture
def block(county) -> PageBlock:
    return PageBlock.objects.create(
        county=county,
        key="uppdraget",
        heading="Vad Länsstyrelsen gör",
        body="Vi samordnar mottagandet.\n\n- sfi\n- samhällsorientering",
        order=10,
    )
