"""overrides/ stays in step with the installed Material: a changed upstream template fails here."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

from conftest import REPO


def _script():
    spec = importlib.util.spec_from_file_location("asskomm_scripts_material_overrides", REPO / "scripts" / "material_overrides.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_every_override_is_recorded_with_its_upstream_templates() -> None:
    module = _script()
    on_disk = {p.relative_to(REPO / "overrides").as_posix() for p in (REPO / "overrides").rglob("*.html")}
    assert on_disk == set(module.BASED_ON), "a template in overrides/ without an entry in BASED_ON (or the reverse)"


def test_upstream_templates_did_not_change_since_review() -> None:
    module = _script()
    problems = module.stale(json.loads(module.RECORD.read_text(encoding="utf-8")))
    assert not problems, ("\n".join(problems) + "\nReview the upstream diff, update the override, then run "
                          ".venv/bin/python scripts/material_overrides.py --update")


def test_a_changed_template_is_detected(tmp_path: Path) -> None:
    module = _script()
    source = module.templates_dir() / "partials" / "toc.html"
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "toc.html").write_text(source.read_text(encoding="utf-8") + "<!-- new -->", encoding="utf-8")
    assert module.template_hash("partials/toc.html", tmp_path) != module.template_hash("partials/toc.html")
    # Only the fingerprints of assets differ: not a change of markup.
    base = (module.templates_dir() / "base.html").read_text(encoding="utf-8")
    (tmp_path / "base.html").write_text(re.sub(r"main\.[0-9a-f]{8}\.min", "main.0badc0de.min", base), encoding="utf-8")
    assert module.template_hash("base.html", tmp_path) == module.template_hash("base.html")
