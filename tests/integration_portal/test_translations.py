"""Every Swedish text has an English translation, and the compiled catalogue is current."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_checker():
    spec = importlib.util.spec_from_file_location("po_check", ROOT / "scripts/po_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_english_catalogue_is_complete_and_compiled():
    checker = load_checker()
    assert checker.problems(ROOT / "locale/en/LC_MESSAGES/django.po") == []


def test_checker_reports_an_untranslated_entry(tmp_path):
    checker = load_checker()
    po = tmp_path / "django.po"
    po.write_text('msgid ""\nmsgstr ""\n\nmsgid "Spara"\nmsgstr ""\n', encoding="utf-8")
    # An empty but valid .mo, written by hand so the test needs no gettext tools.
    (tmp_path / "django.mo").write_bytes(
        (0x950412DE).to_bytes(4, "little")
        + bytes(4)
        + bytes(4)
        + (28).to_bytes(4, "little")
        + (28).to_bytes(4, "little")
        + bytes(8)
    )
    assert checker.problems(po) == ["untranslated: 'Spara'"]
