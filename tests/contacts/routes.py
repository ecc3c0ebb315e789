from contacts.models import Contact, PageBlock, Topic, Unit
from tests.harness.routes import LOGIN, Route, custom, public, staff_page

_UNSEEN_BY_OTHER_COUNTY = {
    "anonymous": LOGIN,
    "other_county_staff": 404,
    "reporter_a": 403,
    "reporter_b": 403,
}


def build_world(world: dict) -> None:
    municipality_a = world["reporter_a"].municipalities.get()
    county = municipality_a.county
    unit = Unit.objects.create(county=county, name="Enheten för social hållbarhet")
    contact = Contact.objects.create(
        county=county,
        unit=unit,
        name="Vera Vägvisare",
        title="Integrationsutvecklare",
        email="vera.vagvisare@lansstyrelsen.example",
        phone="+46846500420",
        published=True,
    )
    contact.municipalities.set([municipality_a])
    contact.topics.set([Topic.objects.get(slug="sfi")])
    world["contact"] = contact
    world["page_block"] = PageBlock.objects.create(
        county=county, key="uppdraget", heading="Vad vi gör", body="- Vi samordnar."
    )


ROUTES = [
    Route("contacts:home", expect=public()),
    Route("contacts:contact", expect=public(), query="?kommun=0181"),
    Route("contacts:vcard", kwargs=lambda w: {"pk": w["contact"].pk}, expect=public()),
    Route("contacts:accessibility", expect=public()),
    Route("contacts:manage_contacts", expect=staff_page()),
    Route("contacts:contact_create", expect=staff_page()),
    Route(
        "contacts:contact_edit",
        kwargs=lambda w: {"pk": w["contact"].pk},
        expect=custom(staff=200, admin=200, **_UNSEEN_BY_OTHER_COUNTY),
        note="reporters of the county may read the county but never manage contacts",
    ),
    Route(
        "contacts:contact_move",
        method="POST",
        kwargs=lambda w: {"pk": w["contact"].pk},
        data=lambda w: {"direction": "down", "version": w["contact"].version},
        expect=custom(staff=302, admin=302, **_UNSEEN_BY_OTHER_COUNTY),
    ),
    Route(
        "contacts:contact_publish",
        method="POST",
        kwargs=lambda w: {"pk": w["contact"].pk},
        data=lambda w: {"published": "1", "version": w["contact"].version},
        expect=custom(staff=302, admin=302, **_UNSEEN_BY_OTHER_COUNTY),
    ),
    Route("contacts:manage_blocks", expect=staff_page()),
    Route("contacts:block_create", expect=staff_page()),
    Route(
        "contacts:block_edit",
        kwargs=lambda w: {"pk": w["page_block"].pk},
        expect=custom(staff=200, admin=200, **_UNSEEN_BY_OTHER_COUNTY),
    ),
]
