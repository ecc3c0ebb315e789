"""Screenshots of portal pages at 1280 and 375 px, to look at what was built.

    .venv/bin/python scripts/screenshots.py --base http://127.0.0.1:8000 \
        --user elin.berggren@lansstyrelsen.example --out /tmp/shots /overenskommelser/ny/

Signs in through the sign-in page (as a person does) when ``--user`` is given
(password: the demo password unless ``--password``), then saves one full-page PNG
per path and width: ``<out>/<path-slug>-<width>.png``. A demo account with two-step
verification gets its code from ``manage.py demo_totp`` (the same database as the
server: run it from the worktree that serves). Uses Debian's Chromium,
never a downloaded browser. A development tool: not run by the tests.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = (1280, 375)
DEMO_PASSWORD = "Demo-losenord-ekorre"


def slug(path: str) -> str:
    text = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")
    return text or "start"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user")
    parser.add_argument("--password", default=DEMO_PASSWORD)
    parser.add_argument("--out", default="/tmp/screenshots")
    parser.add_argument("--widths", default=",".join(str(w) for w in WIDTHS))
    parser.add_argument("--prefix", default="")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=args.base, locale="sv-SE")
        page = context.new_page()
        if args.user:
            page.goto("/konto/logga-in/")
            page.get_by_label("E-postadress").fill(args.user)
            page.get_by_label("Lösenord").fill(args.password)
            page.get_by_role("button", name="Logga in").click()
            page.wait_for_load_state()
            if page.get_by_role("heading", level=1).inner_text() == "Skriv koden":
                # Two-step verification (issue 17): the demo account's current code.
                code = subprocess.run(
                    [sys.executable, "manage.py", "demo_totp", args.user],
                    env={**os.environ, "DEBUG": "true"},
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.strip()
                page.get_by_label(re.compile(r"^\s*Kod\s*\*?\s*$")).fill(code)
                page.get_by_role("button", name="Fortsätt").click()
                page.wait_for_load_state()
        for width in (int(w) for w in args.widths.split(",")):
            page.set_viewport_size({"width": width, "height": 900})
            for path in args.paths:
                page.goto(path)
                target = out / f"{args.prefix}{slug(path)}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
