"""Demo data for the public pages: invented integration developers and the integration texts.

Every person is invented. Phone numbers are from the series the Swedish Post
and Telecom Authority (PTS) reserves for fiction (08-465 004 xx, 070-174 06 xx),
so no real person is ever called. Existing rows are left as they are, so staff
edits in a demo database survive a new run.
"""

from __future__ import annotations

from core.models import County, Municipality

from .models import Contact, PageBlock, Topic, Unit

UNITS = [
    ("Enheten för social hållbarhet", 10),
    ("Enheten för samhällsskydd och beredskap", 20),
]

CONTACTS = [
    {
        "name": "Karin Åberg",
        "title": "Integrationsutvecklare",
        "unit": "Enheten för social hållbarhet",
        "email": "karin.aberg@lansstyrelsen.example",
        "phone": "+46846500410",
        "municipalities": ["0181", "0140", "0127", "0128"],
        "topics": ["bosattning-och-kommuntal", "ensamkommande-barn"],
    },
    {
        "name": "Jonas Mäkinen",
        "title": "Integrationsutvecklare",
        "unit": "Enheten för social hållbarhet",
        "email": "jonas.makinen@lansstyrelsen.example",
        "phone": "+46846500411",
        "municipalities": ["0126", "0136", "0192", "0138"],
        "topics": ["sfi", "samhallsorientering"],
    },
    {
        "name": "Fatima Rahimi",
        "title": "Integrationsutvecklare",
        "unit": "Enheten för social hållbarhet",
        "email": "fatima.rahimi@lansstyrelsen.example",
        "phone": "+46701740620",
        "municipalities": ["0180", "0184", "0183"],
        "topics": ["samhallsorientering", "arbete-och-etablering"],
    },
    {
        "name": "Per-Olof Sandberg",
        "title": "Samordnare för mottagande",
        "unit": "Enheten för samhällsskydd och beredskap",
        "email": "per-olof.sandberg@lansstyrelsen.example",
        "phone": "+46846500412",
        "municipalities": [],  # the whole county
        "topics": ["tillfalligt-skydd", "bosattning-och-kommuntal"],
    },
]

BLOCKS = [
    (
        "om-uppdraget",
        "Länsstyrelsen och integrationen",
        "Länsstyrelsen företräder regeringen i länet. I integrationsarbetet får vi kommuner, "
        "myndigheter, företag och föreningar att dra åt samma håll, så att den som är ny i "
        "Sverige snabbt får bostad, språk och arbete.",
    ),
    (
        "malet",
        "Målet för integrationspolitiken",
        "Alla ska ha samma rättigheter, skyldigheter och möjligheter, oavsett etnisk och "
        "kulturell bakgrund.\n\n"
        "För att nå dit satsar regeringen särskilt på att\n"
        "- mottagandet och etableringen av nyanlända fungerar väl\n"
        "- fler får ett arbete eller startar ett eget företag\n"
        "- skolan ger alla barn samma chans och vuxna kan lära sig svenska och studera vidare\n"
        "- diskriminering motverkas\n"
        "- bostadsområden där många står utanför arbetsmarknaden utvecklas\n"
        "- vi delar grundläggande värderingar i ett samhälle med allt större mångfald.",
    ),
    (
        "uppdraget",
        "Vad Länsstyrelsen gör",
        "Regeringen har gett länsstyrelserna fem uppgifter:\n"
        "- se till att länet har beredskap och plats att ta emot nyanlända flyktingar och "
        "andra skyddsbehövande\n"
        "- komma överens med kommunerna om mottagandet och besluta om **kommuntal**\n"
        "- föra samman kommuner, myndigheter, företag och föreningar som ordnar aktiviteter "
        "för nyanlända\n"
        "- samordna svenska för invandrare (sfi) och samhällsorientering i regionen\n"
        "- följa upp hur insatserna för nyanlända organiseras och fungerar i länet.",
    ),
    (
        "kontakt",
        "Vem ska jag vända mig till?",
        "Varje kommun har en integrationsutvecklare hos oss. På "
        "[kontaktsidan](/kontakt/) väljer du kommun eller ämne och ser vem som ansvarar.",
    ),
]


def seed(*, out, scale: str = "county") -> None:
    county = County.objects.get(code="01")
    units = {
        name: Unit.objects.get_or_create(county=county, name=name, defaults={"order": order})[0]
        for name, order in UNITS
    }
    topics = {t.slug: t for t in Topic.objects.all()}
    created_contacts = 0
    for position, data in enumerate(CONTACTS, start=1):
        contact, created = Contact.objects.get_or_create(
            county=county,
            email=data["email"],
            defaults={
                "name": data["name"],
                "title": data["title"],
                "unit": units[data["unit"]],
                "phone": data["phone"],
                "order": position * 10,
                "published": True,
            },
        )
        if created:
            contact.municipalities.set(Municipality.objects.filter(code__in=data["municipalities"]))
            contact.topics.set([topics[slug] for slug in data["topics"]])
            created_contacts += 1
    created_blocks = 0
    for position, (key, heading, body) in enumerate(BLOCKS, start=1):
        _block, created = PageBlock.objects.get_or_create(
            county=county,
            key=key,
            defaults={"heading": heading, "body": body, "order": position * 10},
        )
        created_blocks += created
    out.write(
        f"contacts: {created_contacts} new contacts, {created_blocks} new text blocks "
        f"(county 01 has {Contact.objects.filter(county=county).count()} contacts)."
    )
    if scale == "national":
        from .demo_national import seed_contacts

        seed_contacts(out=out, blocks=BLOCKS)
