"""The two surveys as ready-to-use question sets (data/README.md, "surveys"; issue 19).

Each section is (title, [question, ...]); a question is a dict of Question's fields,
``if_`` = (code, answer) for "show only if". The texts are the surveys' own, in Swedish:
they are data, not interface text (shown with ``lang="sv"`` on English pages).
"""

from __future__ import annotations

from typing import Any

YES_NO = ["Ja", "Nej"]

SO_TITLE = "Samhällsorienteringsenkäten"
SO_INTRO = (
    "Enkäten besvaras enligt förordningen (2010:1138) om samhällsorientering för vissa "
    "nyanlända invandrare, 12 §. Räkneperioden är 1 oktober–30 september. Bedrivs "
    "samhällsorienteringen gemensamt med andra kommuner eller upphandlat, svarar den "
    "ansvariga kommunen och anger vilka kommuner svaret gäller."
)

SO: list[tuple[str, list[dict[str, Any]]]] = [
    (
        "Organisation",
        [
            {
                "code": "so_organisation",
                "kind": "single",
                "text": "Hur bedrivs samhällsorienteringen i kommunen?",
                "choices": [
                    "I egen regi",
                    "Gemensamt med andra kommuner",
                    "Upphandlad",
                ],
            },
            {
                "code": "so_committee",
                "kind": "text",
                "text": "Vilken nämnd ansvarar för samhällsorienteringen?",
            },
        ],
    ),
    (
        "Genomförande",
        [
            {
                "code": "so_delivery",
                "kind": "multiple",
                "text": "På vilka sätt ges samhällsorienteringen?",
                "help_text": "Välj alla som stämmer.",
                "choices": [
                    "På modersmål",
                    "På lätt svenska",
                    "På svenska med tolk",
                    "På annat sätt",
                ],
            },
            {
                "code": "so_form",
                "kind": "multiple",
                "text": "I vilken form ges samhällsorienteringen?",
                "choices": ["Ordinarie", "Intensiv", "Annan form"],
            },
            {
                "code": "so_mode",
                "kind": "single",
                "text": "Ges samhällsorienteringen i klassrum eller på distans?",
                "choices": ["I klassrum", "På distans", "Både i klassrum och på distans"],
            },
        ],
    ),
    (
        "Deltagare",
        [
            {
                "code": "so_started",
                "kind": "number_split",
                "text": (
                    "Hur många påbörjade samhällsorientering för första gången under "
                    "perioden 1 oktober–30 september?"
                ),
                "help_text": "Heltal. Ange totalt antal och hur många av dem som var kvinnor "
                "respektive män.",
            },
            {
                "code": "so_beyond",
                "kind": "single",
                "text": "Erbjuds samhällsorientering även utöver målgruppen?",
                "choices": YES_NO,
            },
            {
                "code": "so_beyond_groups",
                "kind": "multiple",
                "text": "Vilka utöver målgruppen erbjuds samhällsorientering?",
                "choices": [
                    "Ensamkommande barn och unga",
                    "Asylsökande",
                    "Personer över 65 år",
                    "Personer med tillfälligt skydd",
                ],
                "if_": ("so_beyond", "Ja"),
            },
            {
                "code": "so_comment",
                "kind": "text",
                "text": "Övriga kommentarer om samhällsorienteringen",
                "required": False,
            },
        ],
    ),
]

LAGESBILD_TITLE = "Lägesbild"
LAGESBILD_INTRO = (
    "Ta ställning till påståendena om kommunens läge. Du kan kommentera varje påstående. "
    "Svaren sammanställs för länet och landet."
)


def _statement(code: str, text: str) -> dict[str, Any]:
    return {"code": code, "kind": "rating", "text": text, "allows_comment": True}


LAGESBILD: list[tuple[str, list[dict[str, Any]]]] = [
    (
        "Beredskap och kapacitet",
        [
            _statement(
                "lb_readiness",
                "Kommunen har god beredskap för att ta emot nyanlända enligt kommuntalet.",
            ),
            _statement(
                "lb_capacity",
                "Kommunen har kapacitet att ta emot fler nyanlända än kommuntalet om det behövs.",
            ),
        ],
    ),
    (
        "Bostäder",
        [
            _statement(
                "lb_housing",
                "Kommunen kan ordna bostäder till de nyanlända som anvisas.",
            ),
        ],
    ),
    (
        "Skola och utbildning",
        [
            _statement(
                "lb_school",
                "Skolan och förskolan har förutsättningar att ta emot nyanlända barn och elever.",
            ),
            _statement(
                "lb_sfi",
                "Sfi och vuxenutbildning kan erbjudas nyanlända utan väntetid.",
            ),
        ],
    ),
    (
        "Socialtjänst",
        [
            _statement(
                "lb_social",
                "Socialtjänsten har förutsättningar att ge nyanlända det stöd de behöver.",
            ),
        ],
    ),
    (
        "Ensamkommande barn och unga",
        [
            _statement(
                "lb_minors",
                "Kommunen har förutsättningar att ta emot ensamkommande barn och unga.",
            ),
        ],
    ),
    (
        "Tillfälligt skydd",
        [
            _statement(
                "lb_temporary",
                "Kommunen har förutsättningar att ta emot personer med tillfälligt skydd.",
            ),
        ],
    ),
    (
        "Styrkor och svagheter",
        [
            {
                "code": "lb_strengths",
                "kind": "text",
                "text": "Vilka är kommunens styrkor i mottagandet av nyanlända?",
            },
            {
                "code": "lb_weaknesses",
                "kind": "text",
                "text": "Vilka är kommunens svagheter eller utmaningar i mottagandet?",
            },
        ],
    ),
]

SETS = {
    "so": (SO_TITLE, SO_INTRO, SO),
    "lagesbild": (LAGESBILD_TITLE, LAGESBILD_INTRO, LAGESBILD),
}
