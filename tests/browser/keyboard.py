"""Keyboard helpers: walk the Tab order and read the focus indicator."""

from __future__ import annotations

_DESCRIBE = """function describe(el) {
    if (el.type === 'radio' && el.name) return 'radio:' + el.name;
    const label = el.id ? '#' + el.id : (el.getAttribute('href') || el.getAttribute('name') || '');
    return el.tagName.toLowerCase() + ' ' + label + ' ' +
      (el.innerText || el.value || '').trim().slice(0, 40);
  }"""

# Every control a keyboard user must reach: visible, enabled, not taken out of the
# Tab order. Radio buttons count once per group (Tab enters a group once).
CONTROLS_JS = (
    """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, ' +
                   '[tabindex]';
  const out = new Set();
  let stops = 0;
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.getAttribute('tabindex') === '-1') continue;
    if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
    // Inside a closed <details> (Chromium hides its content with content-visibility): the
    // keyboard reaches its summary, and what it holds once opened.
    if (el.checkVisibility && !el.checkVisibility()) continue;
    out.add(describe(el));
    // Chromium steps through the parts of date and time inputs with Tab, then their
    // picker button (measured in Chromium 156: date 3 + 1, time 3 + 1, month and week
    // 2 + 1, datetime-local 6 + 1).
    const parts = {date: 4, month: 3, week: 3, time: 4, 'datetime-local': 7};
    stops += (el.tagName === 'INPUT' && parts[el.type]) || 1;
  }
  // Identical links (same target and text) count once as controls but are each a Tab stop.
  return {controls: Array.from(out), stops: stops};
  """
    + _DESCRIBE
    + "}"
)

# Installed in every page: records each focus stop and whether its focus shows
# (an outline of at least 2 px or a box shadow) while it is focused.
FOCUS_LOG_SCRIPT = (
    """(() => {
  window.__focusLog = [];
  document.addEventListener('focusin', (event) => {
    const el = event.target;
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    window.__focusLog.push({
      name: describe(el),
      cls: String(el.className || ''),
      visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) ||
               (s.boxShadow && s.boxShadow !== 'none'),
      on_screen: r.width > 0 && r.top >= 0 && r.bottom <= innerHeight,
    });
  }, true);
  """
    + _DESCRIBE
    + "})();"
)


def install(context) -> None:
    context.add_init_script(FOCUS_LOG_SCRIPT)


def tab_order(page, presses: int) -> list[dict]:
    """Press Tab ``presses`` times from a fresh page; the focus stops in order, first cycle."""
    for _ in range(presses):
        page.keyboard.press("Tab")
    stops: list[dict] = []
    for stop in page.evaluate("() => window.__focusLog"):
        if stops and stop["name"] == stops[0]["name"]:
            break
        stops.append(stop)
    return stops
