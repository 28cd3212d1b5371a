"""`asskomm`: the press office's command line (check, scaffold, build, schemas, register).

Every input error is printed as `path:line: field: message` and ends with exit code 1; no traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel

from . import deploy, placeholders
from .build import DRAFT_ENV, SiteBuild, clock
from .corpus import load_corpus
from .dates import parse_berlin_datetime
from .events import EventMeta, event_template, update_register
from .models import GroupRecord, MunicipalityRecord, PublishedFigures, ReleaseMeta
from .precompress import precompress
from .published import completeness_lines
from .problems import InputError
from .reference import load_reference
from .register import update
from .text import slugify
from .vocabulary import EVENT_KINDS

SCHEMAS: dict[str, type[BaseModel]] = {
    "lpr-kennzahlen.schema.json": PublishedFigures,
    "kommune.schema.json": MunicipalityRecord,
    "gruppe.schema.json": GroupRecord,
    "pressemitteilung.schema.json": ReleaseMeta,
    "veranstaltung.schema.json": EventMeta,
}
SITE_URL = "https://www.asskomm.sachsen.de/"


def project_root() -> Path:
    """The folder holding mkdocs.yml: the current directory or one of its parents."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    raise SystemExit("asskomm: kein Projektordner (mkdocs.yml) gefunden; im Projektordner aufrufen")


def cmd_check(_args: argparse.Namespace) -> int:
    root = project_root()
    try:
        build = SiteBuild(root, SITE_URL, clock())
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 1
    problems = build.check(root / "docs")
    if problems:
        print(problems.report(), file=sys.stderr)
        return 1
    corpus = build.corpus
    print(f"OK: {len(corpus.kommunen)} Kommunen, {len(corpus.groups)} Gruppen, {len(corpus.releases)} Pressemitteilungen, "
          f"{len(corpus.events)} Veranstaltungen geprüft.")
    lines = completeness_lines(build.view.comparisons)
    if lines:
        print("Vollständigkeit der Datensätze gegenüber den zuletzt veröffentlichten Zahlen des LPR (data/lpr-kennzahlen.yml):")
        print("\n".join(lines))
    return 0


def release_template(title: str, when: datetime, kommunen: list[str]) -> str:
    listed = "[" + ", ".join(kommunen) + "]"
    return (
        "---\n"
        f"id: {uuid.uuid4()}\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\n"
        f"date: {when:%Y-%m-%d %H:%M}\n"
        "category: unterzeichnung\n"
        "summary: \"Ein oder zwei Sätze: was, wer, wann.\"\n"
        f"kommunen: {listed}\n"
        "sources: []\n"
        "draft: true\n"
        "---\n\n"
        "Text der Pressemitteilung in Markdown. Absätze durch eine Leerzeile trennen.\n\n"
        "## Hintergrundinformationen zu „ASSKomm“\n\n"
        "Zahlen im Text bleiben so stehen, wie sie am Tag der Veröffentlichung galten.\n"
    )


def fill_template(template: str, title: str, when: datetime, kommunen: list[str]) -> str:
    """A series template (news/_vorlagen/) with a fresh id, the date and title; its instructions removed."""
    front, _, body = template.partition("\n---\n")
    lines: list[str] = []
    skipping_list = False
    for original in front.splitlines():
        line = original
        if line.startswith("#"):
            continue  # the template's instructions
        if skipping_list and line.startswith("  - "):
            continue
        skipping_list = False
        if line.startswith("id:"):
            line = f"id: {uuid.uuid4()}"
        elif line.startswith("date:"):
            line = f"date: {when:%Y-%m-%d %H:%M}"
        elif line.startswith("title:"):
            line = f"title: {json.dumps(title, ensure_ascii=False)}"
        elif line.startswith("kommunen:") and kommunen:
            line, skipping_list = "kommunen: [" + ", ".join(kommunen) + "]", True
        lines.append(line)
    return "\n".join(lines) + "\n---\n" + body


def cmd_new_release(args: argparse.Namespace) -> int:
    root = project_root()
    when = parse_berlin_datetime(args.datum) if args.datum else clock().replace(second=0, microsecond=0)
    slug = args.kurzname or slugify(args.titel)[:60].strip("-")
    path = root / "news" / f"{when:%Y-%m-%d}-{slug}.md"
    if path.exists():
        print(f"asskomm: {path.relative_to(root)} gibt es schon; anderen --kurzname wählen", file=sys.stderr)
        return 1
    if args.vorlage:
        template = root / "news" / "_vorlagen" / f"{args.vorlage}.md"
        if not template.is_file():
            found = sorted(p.stem for p in (root / "news" / "_vorlagen").glob("*.md"))
            print(f"asskomm: keine Vorlage „{args.vorlage}“; vorhanden: {', '.join(found) or 'keine'}", file=sys.stderr)
            return 1
        text = fill_template(template.read_text(encoding="utf-8"), args.titel, when, args.kommune or [])
    else:
        text = release_template(args.titel, when, args.kommune or [])
    path.write_text(text, encoding="utf-8")
    print(f"angelegt: {path.relative_to(root)} (Entwurf: „draft: true“ entfernen, wenn die Meldung erscheinen soll)")
    return 0


def cmd_new_event(args: argparse.Namespace) -> int:
    root = project_root()
    start = args.beginn.strip()
    try:
        day = parse_berlin_datetime(start).date()
    except ValueError:
        print(f"asskomm: „{start}“ ist kein Beginn; JJJJ-MM-TT (ganztägig) oder \"JJJJ-MM-TT HH:MM\" angeben", file=sys.stderr)
        return 1
    slug = args.kurzname or slugify(args.titel)[:60].strip("-")
    path = root / "veranstaltungen" / f"{day:%Y-%m-%d}-{slug}.md"
    if path.exists():
        print(f"asskomm: {path.relative_to(root)} gibt es schon; anderen --kurzname wählen", file=sys.stderr)
        return 1
    path.parent.mkdir(exist_ok=True)
    now = clock().replace(second=0, microsecond=0)
    path.write_text(event_template(args.titel, start, args.art, now, args.kommune or []), encoding="utf-8")
    print(f"angelegt: {path.relative_to(root)} (Entwurf: „draft: true“ entfernen, wenn die Veranstaltung erscheinen soll)")
    return 0


def cmd_new_kommune(args: argparse.Namespace) -> int:
    root = project_root()
    ref = load_reference()
    m = ref.municipalities.get(args.ags)
    if m is None:
        print(f"asskomm: {args.ags} ist keine sächsische Gemeinde (AGS mit 8 Ziffern, z. B. 14521450)", file=sys.stderr)
        return 1
    path = root / "kommunen" / f"{slugify(m.name)}.yml"
    if path.exists():
        print(f"asskomm: {path.relative_to(root)} gibt es schon", file=sys.stderr)
        return 1
    path.write_text(
        f"# {m.name} ({m.kind}), {m.district.label}, {m.police.label}\n"
        "# yaml-language-server: $schema=../schemas/kommune.schema.json\n"
        f'ags: "{m.ags}"\n'
        "milestones:\n"
        "  - type: kontakt            # kontakt, vorvereinbarung, kooperationsvereinbarung, coaching-start, ...\n"
        f"    date: {clock():%Y-%m}         # JJJJ-MM-TT, oder JJJJ-MM wenn der Tag unbekannt ist\n"
        "    source: https://www.asskomm.sachsen.de/\n"
        "fields_of_action: []\n",
        encoding="utf-8",
    )
    print(f"angelegt: {path.relative_to(root)}")
    return 0


def render_schemas() -> dict[str, str]:
    return {name: json.dumps(model.model_json_schema(mode="validation"), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            for name, model in SCHEMAS.items()}


def cmd_schemas(_args: argparse.Namespace) -> int:
    folder = project_root() / "schemas"
    folder.mkdir(exist_ok=True)
    for name, text in render_schemas().items():
        (folder / name).write_text(text, encoding="utf-8")
    print(f"geschrieben: {', '.join(sorted(SCHEMAS))} in schemas/")
    return 0


def cmd_register(_args: argparse.Namespace) -> int:
    root = project_root()
    try:
        corpus = load_corpus(root)
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 1
    now = clock()
    print(f"{update(root, corpus.releases, now)} Einträge im Register ergänzt")
    print(f"{update_register(root, corpus.events, now)} Veranstaltungen im Register veranstaltungen/veroeffentlicht.yml ergänzt")
    return 0


def atomic_build(root: Path, site_dir: Path, extra_args: list[str], draft: bool = False) -> int:
    """Build into a fresh sibling folder, then swap it in: `site_dir` holds the old or the new site, never half.

    The publishing build refuses while a page holds a gap only the LPR can fill (`placeholders`);
    `draft` builds a staging site instead: every page marked "Entwurf – nicht veröffentlichen",
    `noindex`, and a robots.txt that disallows everything."""
    gaps = placeholders.scan(root)
    if gaps and not draft:
        print(f"asskomm: nicht veröffentlicht – {len(gaps)} Platzhalter sind noch offen (nur der Landespräventionsrat kann sie füllen):",
              file=sys.stderr)
        for gap in gaps:
            print(f"  {gap}", file=sys.stderr)
        print("Platzhalter in docs/ durch die Angaben ersetzen; eine Vorschau für die Abstimmung baut "
              "„asskomm build --entwurf“ (nicht veröffentlichen).", file=sys.stderr)
        return 1
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-neu-", dir=site_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the web server's user must read the published site
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "true"}
    env.pop("ASSKOMM_PREVIEW", None)  # a publishable build never shows drafts or embargoed releases
    env.pop(DRAFT_ENV, None)
    if draft:
        env[DRAFT_ENV] = "1"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(root / "mkdocs.yml"),
                             "-d", str(staging), *extra_args], env=env, check=False)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"asskomm: Build fehlgeschlagen; {site_dir} bleibt unverändert", file=sys.stderr)
        return 1
    # Precompressed copies for the static server belong to the published output, not to every build
    # (`mkdocs serve` and tests need none): written here, before the new site is swapped in.
    files, before, gz, br = precompress(staging)
    print(f"vorkomprimiert: {files} Dateien, {before / 1e6:.1f} MB -> gzip {gz / 1e6:.1f} MB, brotli {br / 1e6:.1f} MB")
    # What the web server needs (redirects, headers with the CSP of exactly this build, types, caching),
    # beside the site and swapped in with it (issue 17).
    deployment = deploy.plan(staging)
    if deployment.csp.blocked:
        shutil.rmtree(staging, ignore_errors=True)
        for item in deployment.csp.blocked:
            print(item.message(), file=sys.stderr)
        print(f"asskomm: Build fehlgeschlagen; {site_dir} bleibt unverändert", file=sys.stderr)
        return 1
    deploy_staging = staging.with_name(staging.name + "-deploy")
    deploy.write(deployment, deploy_staging)
    _swap(deploy_staging, deploy.deploy_dir_for(site_dir))
    _swap(staging, site_dir)
    print(f"Website gebaut: {site_dir}; Server-Konfiguration: {deploy.deploy_dir_for(site_dir)} "
          f"({len(deployment.redirects)} Weiterleitungen, {len(deployment.csp.script_hashes)} Skript-Hashes)")
    return 0


def _swap(new: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}-alt")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def cmd_build(args: argparse.Namespace) -> int:
    root = project_root()
    default = root / ("site-entwurf" if args.entwurf else "site")
    return atomic_build(root, Path(args.site_dir) if args.site_dir else default, [], draft=args.entwurf)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="asskomm", description="Werkzeuge für die ASSKomm-Website")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="alle Datensätze und Pressemitteilungen prüfen").set_defaults(func=cmd_check)
    p = sub.add_parser("neue-meldung", help="neue Pressemitteilung anlegen (mit neuer dauerhafter ID)")
    p.add_argument("titel")
    p.add_argument("--datum", help="JJJJ-MM-TT HH:MM (Berliner Zeit); Standard: jetzt")
    p.add_argument("--kurzname", help="Teil des Dateinamens nach dem Datum; Standard: aus dem Titel")
    p.add_argument("--kommune", action="append", help="Kurzname einer Kommune (mehrfach möglich)")
    p.add_argument("--vorlage", help="Vorlage aus news/_vorlagen/, z. B. asskomm-des-monats (feste Fragen der Reihe)")
    p.set_defaults(func=cmd_new_release)
    p = sub.add_parser("neue-veranstaltung", help="neue Veranstaltung anlegen (mit neuer dauerhafter ID)")
    p.add_argument("titel")
    p.add_argument("beginn", help="JJJJ-MM-TT (ganztägig) oder \"JJJJ-MM-TT HH:MM\" (Berliner Zeit)")
    p.add_argument("--art", default="netzwerktreffen", choices=sorted(EVENT_KINDS), help="Art der Veranstaltung")
    p.add_argument("--kurzname", help="Teil des Dateinamens nach dem Datum; Standard: aus dem Titel")
    p.add_argument("--kommune", action="append", help="Kurzname einer betroffenen Kommune (mehrfach möglich)")
    p.set_defaults(func=cmd_new_event)
    p = sub.add_parser("neue-kommune", help="Datensatz für eine Gemeinde anlegen, vorausgefüllt aus dem Gemeindeverzeichnis")
    p.add_argument("ags", help="Amtlicher Gemeindeschlüssel, z. B. 14521450")
    p.set_defaults(func=cmd_new_kommune)
    sub.add_parser("schemas", help="JSON-Schemas nach schemas/ schreiben").set_defaults(func=cmd_schemas)
    sub.add_parser("register", help="veröffentlichte IDs ins Register news/veroeffentlicht.yml eintragen").set_defaults(func=cmd_register)
    p = sub.add_parser("build", help="Website bauen; bei Fehlern bleibt die alte Ausgabe unverändert")
    p.add_argument("--site-dir", help="Zielordner (Standard: site/, mit --entwurf site-entwurf/)")
    p.add_argument("--entwurf", action="store_true",
                   help="Vorschau für die Abstimmung bauen, auch mit offenen Platzhaltern: jede Seite trägt "
                        "„Entwurf – nicht veröffentlichen“ und noindex, robots.txt sperrt alles (Standard-Ziel site-entwurf/)")
    p.set_defaults(func=cmd_build)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
