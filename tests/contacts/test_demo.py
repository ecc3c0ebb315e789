import io

import pytest

from contacts import demo
from contacts.models import Contact, PageBlock

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_uses_invented_people(client):
    out = io.StringIO()
    demo.seed(out=out, scale="county")
    demo.seed(out=out, scale="county")
    assert Contact.objects.filter(county__code="01", published=True).count() == 4
    assert PageBlock.objects.filter(county__code="01").count() == 4
    names = set(Contact.objects.values_list("name", flat=True))
    assert not names & {"Alexandra Wollmar", "Nina Lindgren", "Amra Salihovic"}
    body = client.get("/kontakt/?kommun=0181").content.decode()
    assert "Karin Åberg" in body and "Per-Olof Sandberg" in body
    assert "08-465 004 10" in body
    home = client.get("/").content.decode()
    assert "Vad Länsstyrelsen gör" in home
    assert '<a href="/kontakt/">kontaktsidan</a>' in home
