#!/usr/bin/env python3
"""Keep overrides/ in step with Material's templates.

Each template in overrides/ copies or extends a template of Material for MkDocs. scripts/material_overrides.json
records, for each, the Material template it is based on and that template's SHA-256 in the Material
version the override was last reviewed against. `tests/test_overrides.py` fails as soon as the installed
Material ships a different template: read the upstream diff, bring the override in step, then run

    .venv/bin/python scripts/material_overrides.py --update

Asset fingerprints (`main.57a0d79d.min.css`) and the version in base.html's generator tag change with
every release without changing the markup, so they are masked before hashing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RECORD = REPO / "scripts" / "material_overrides.json"  # not in overrides/: MkDocs would publish it
#: Override -> the Material templates it copies or whose blocks it fills.
BASED_ON: dict[str, list[str]] = {
    "main.html": ["main.html", "base.html"],
    "404.html": ["404.html", "base.html"],
    "gebaerdensprache.html": ["base.html"],
    "partials/footer.html": ["partials/footer.html"],
    "partials/toc.html": ["partials/toc.html"],
    "partials/search.html": ["partials/search.html"],
}
_VOLATILE = [(re.compile(r"\.[0-9a-f]{8}\.min\.(css|js)"), r".HASH.min.\1"),
             (re.compile(r"mkdocs-material-[0-9][0-9.]*"), "mkdocs-material-VERSION")]


def templates_dir() -> Path:
    import material

    return Path(material.__file__).resolve().parent / "templates"


def template_hash(name: str, folder: Path | None = None) -> str:
    text = ((folder or templates_dir()) / name).read_text(encoding="utf-8")
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def current() -> dict[str, object]:
    upstream = sorted({name for names in BASED_ON.values() for name in names})
    return {
        "material": version("mkdocs-material"),
        "overrides": BASED_ON,
        "sha256": {name: template_hash(name) for name in upstream},
    }


def stale(recorded: dict[str, object]) -> list[str]:
    """Upstream templates whose hash differs from the recorded one, with the overrides that depend on them."""
    now = current()
    old = recorded.get("sha256", {})
    out = []
    for name, digest in now["sha256"].items():  # type: ignore[union-attr]
        if old.get(name) != digest:  # type: ignore[union-attr]
            users = [o for o, bases in BASED_ON.items() if name in bases]
            out.append(f"Material {now['material']}: templates/{name} changed since {recorded.get('material')} "
                       f"(overrides: {', '.join(users)})")
    missing = sorted(set(BASED_ON) - set(recorded.get("overrides", {})))  # type: ignore[arg-type]
    out += [f"overrides/{name} is not recorded in scripts/material_overrides.json" for name in missing]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="record the installed Material's templates as reviewed")
    args = parser.parse_args(argv)
    if args.update:
        RECORD.write_text(json.dumps(current(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"recorded {RECORD.relative_to(REPO)} for Material {version('mkdocs-material')}")
        return 0
    problems = stale(json.loads(RECORD.read_text(encoding="utf-8")))
    print("\n".join(problems) or "overrides match the installed Material")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
