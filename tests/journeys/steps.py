"""What a person does in the browser, as small steps the journeys share.

A journey starts where its user starts (the front page, the sign-in page, a link in
an e-mail, a bookmark) and moves only by what the page shows: links, buttons and
labels (``get_by_role``, ``get_by_label``, ``get_by_text``). If a control cannot be
found by its visible name, the journey fails, the way a person would get stuck.

Only the helpers here may do something a person would not: read the database to
check what a step stored, read an e-mail the portal sent, read a downloaded file.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from django.core import mail

from accounts.demo import DEMO_PASSWORD


@dataclass(frozen=True)
class Person:
    """A demo user: the e-mail and password they sign in with."""

    email: str
    password: str = DEMO_PASSWORD


STAFF = Person("elin.berggren@lansstyrelsen.example")  # county staff, Stockholm (01)
OTHER_STAFF = Person("oskar.lindqvist@lansstyrelsen.example")  # county staff, Uppsala (03)
REPORTER = Person("sara.nystrom@sodertalje.example")  # reporter, Södertälje (0181)
OTHER_REPORTER = Person("amir.haddad@huddinge.example")  # reporter, Huddinge (0126)
ADMIN = Person("admin@lansstyrelsen.example")  # system administrator


def field(scope, label: str):
    """The input labelled exactly ``label`` (a required field's label ends in "*")."""
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def start(page) -> None:
    """Open the front page, where everyone starts."""
    page.goto("/")


def authenticator_code(email: str) -> str:
    """What the person's authenticator app shows (the demo accounts' secret is known,
    ``accounts.demo.demo_totp_key``): the code of the current 30 seconds, or, when that
    one was used already (signing in twice in a journey), the next one, as a person who
    waits for the app's next code would type."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.mfa import current_code

    return current_code(TOTPDevice.objects.get(user__email=email, confirmed=True))


def sign_in(page, person: Person) -> None:
    """From the front page: "Logga in", type e-mail and password, press the button; where
    the account has two-step verification, type the code from the app as well."""
    start(page)
    page.get_by_role("banner").get_by_role("link", name="Logga in").click()
    field(page, "E-postadress").fill(person.email)
    field(page, "Lösenord").fill(person.password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()
    if heading(page) == "Skriv koden":
        field(page, "Kod").fill(authenticator_code(person.email))
        page.get_by_role("button", name="Fortsätt").click()
        page.wait_for_load_state()
    assert page.get_by_role("button", name="Logga ut").is_visible(), (
        f"{person.email} is not signed in; the page says: {main_text(page)[:300]}"
    )


def sign_out(page) -> None:
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()


def menu_open(page, label: str) -> None:
    """Open a fold of the main menu ("Meny" on a phone, "Mer"), if it is shown and closed."""
    summary = (
        page.get_by_role("navigation", name="Huvudmeny")
        .locator("summary")
        .filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))
        .first
    )
    if summary.is_visible() and not summary.evaluate("s => s.parentElement.open"):
        summary.click()


def nav(page, name: str) -> None:
    """Follow an item of the main menu by its visible name; as a person would, open the
    phone's "Meny" and the "Mer" fold first when the item is inside them."""
    link = page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name=name, exact=True
    )
    for fold in ("Meny", "Mer"):
        if link.is_visible():
            break
        menu_open(page, fold)
    link.click()
    page.wait_for_load_state()


def main_text(page) -> str:
    return page.locator("main").inner_text()


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def alerts(page) -> str:
    """The messages shown after an action (success, warnings, errors)."""
    return " ".join(
        page.locator("main .alert, main [role=alert], main [role=status]").all_inner_texts()
    )


def error_summary(page) -> str:
    return page.locator(".error-summary, [data-error-summary]").inner_text()


def download(page, click) -> tuple[str, bytes]:
    """Run ``click`` (which triggers a download); returns (file name, bytes)."""
    with page.expect_download() as info:
        click()
    item = info.value
    path = item.path()
    with open(path, "rb") as handle:
        return item.suggested_filename, handle.read()


def csv_rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=_delimiter(text)))


def _delimiter(text: str) -> str:
    first = text.splitlines()[0] if text else ""
    return ";" if first.count(";") > first.count(",") else ","


def table_rows(page, table_locator) -> list[list[str]]:
    """The body rows of a table as visible cell texts (th and td)."""
    rows = []
    for row in table_locator.locator("tbody tr").all():
        rows.append([c.inner_text().strip() for c in row.locator("th, td").all()])
    return rows


def sent_mail(to: str | None = None, subject_contains: str | None = None) -> list:
    """E-mails the portal has sent (Django's test outbox), newest last."""
    found = list(mail.outbox)
    if to is not None:
        found = [m for m in found if to in m.to]
    if subject_contains is not None:
        found = [m for m in found if subject_contains in m.subject]
    return found


def link_in(message, pattern: str = r"https?://\S+|/\S+") -> str:
    """The first link in an e-mail's text, as a person would click it."""
    match = re.search(pattern, message.body)
    assert match, f"no link in the e-mail: {message.body}"
    return match.group(0)


def screenshots(page, name: str) -> None:
    """The page at 1280 and 375 px wide, full length, as docs/screenshots/<name>-<width>.png
    (for people to look at; nothing is compared)."""
    size = page.viewport_size
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=f"docs/screenshots/{name}-{width}.png", full_page=True)
    page.set_viewport_size(size)
