"""axe-core on a Playwright page: WCAG 2.1 A and AA, nothing switched off silently.

``DISABLED_RULES`` is the only place a rule may be switched off, with its reason
(pages left out of the browser tests: ``crawl.NOT_CHECKED``).
"""

from __future__ import annotations

from axe_playwright_python.base import AXE_SCRIPT

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

#: axe rule id → why it is off. Prefer fixing the page.
DISABLED_RULES: dict[str, str] = {}


def install(context) -> None:
    """Load axe-core (bundled with axe-playwright-python) into every page of ``context``.

    An init script goes through the DevTools protocol, so the strict CSP
    (script-src 'self') does not block it and no bypass_csp is needed; it is
    also three times faster than sending the script to each page again.
    """
    context.add_init_script(AXE_SCRIPT)


def options() -> dict:
    opts: dict = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    if DISABLED_RULES:
        opts["rules"] = {rule: {"enabled": False} for rule in DISABLED_RULES}
    return opts


def violations(page) -> list[dict]:
    return page.evaluate("(opts) => axe.run(document, opts).then(r => r.violations)", options())


def report(found: list[dict]) -> str:
    """One block per violated rule: what, how bad, where (CSS selector) and a snippet."""
    lines = []
    for v in found:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:5]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            for check in node.get("any", []) + node.get("all", []) + node.get("none", []):
                lines.append(f"      · {check['message']}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more elements")
    return "\n".join(lines)
