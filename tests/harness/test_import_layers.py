"""The apps stand on a ladder (pyproject.toml, [tool.importlinter]): an import back up fails.

core <- accounts <- agreements <- reception <- activities <- overview; contacts stands
on core only. import-linter checks the real import graph, TYPE_CHECKING imports and
imports inside functions included, so a lazy import cannot hide a cycle.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def lint_imports(cwd: Path, config: Path | None = None) -> subprocess.CompletedProcess:
    # The console script of import-linter, beside this interpreter (the project's venv).
    command = [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"]
    if config is not None:
        command += ["--config", str(config)]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_portal_keeps_its_import_ladder():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _package(root: Path, name: str, source: str = "") -> None:
    (root / name).mkdir()
    (root / name / "__init__.py").write_text(textwrap.dedent(source))


def test_an_import_back_up_the_ladder_breaks_the_contract(tmp_path):
    """Bites: the same kind of contract on a tiny tree where the ground floor imports an
    app above it, hidden in a function as the old lazy imports were."""
    _package(tmp_path, "core", "def late():\n    from agreements import thing\n")
    _package(tmp_path, "agreements", "import core\nthing = 1\n")
    config = tmp_path / "importlinter.toml"
    config.write_text(
        textwrap.dedent(
            """
            [tool.importlinter]
            root_packages = ["core", "agreements"]

            [[tool.importlinter.contracts]]
            name = "ladder"
            type = "layers"
            layers = ["agreements", "core"]
            """
        )
    )
    result = lint_imports(tmp_path, config)
    assert result.returncode != 0
    assert "core is not allowed to import agreements" in result.stdout
