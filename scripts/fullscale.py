"""Write a deterministic full-scale ASSKomm input into a directory (issue 7).

All 418 municipalities of the reference data with milestone histories, KPR data and fields of action,
a few groups, and N press releases (default 2,000) spread over seven years, 300–700 words each, with
categories, municipalities and some tiny generated images; plus the repository's docs/, overrides/,
hooks/, data/foerderung.yml and mkdocs.yml, so `mkdocs build` works in that directory.

The same seed and N give byte-identical files. The result is checked with the project's own loader.

    python scripts/fullscale.py /tmp/asskomm-full            # 2,000 releases
    python scripts/fullscale.py /tmp/asskomm-1k --releases 1000
"""

from __future__ import annotations

import argparse
import random
import shutil
import struct
import sys
import uuid
import zlib
from datetime import date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from asskomm.corpus import load_corpus
from asskomm.reference import Municipality, load_reference
from asskomm.text import slugify
from asskomm.vocabulary import CATEGORIES, FIELDS_OF_ACTION

FIRST_YEAR, YEARS = 2019, 7  # releases from 2019-01-01 to 2025-12-31
NOW = "2026-11-25 12:00"  # the clock the benchmark builds with (ASSKOMM_NOW)

WORDS = (
    "Kommune Prävention Sicherheit Polizei Bürgerinnen Bürger Stadtrat Verwaltung Präventionsrat "
    "Jugendarbeit Ortsteil Gemeinde Landkreis Zusammenarbeit Vereinbarung Projekt Maßnahme Beratung "
    "Sicherheitsgefühl Nachbarschaft Schule Verein Ehrenamt Streetwork Spielplatz Bahnhof Marktplatz "
    "Graffiti Vandalismus Beleuchtung Ordnungsamt Bürgermeisterin Bürgermeister Polizeirevier Analyse "
    "Befragung Ergebnisse Handlungsfelder Netzwerk Förderung Landespräventionsrat Freistaat Sachsen "
    "Veranstaltung Workshop Fortbildung Fachtag Konzept Strategie Partner Kooperation Einwohner Zukunft"
).split()
FILLER = "die der das und mit für im am zum zur eine einen einem den dem des auf aus bei nach über von vor".split()
VERBS = ("stärkt", "plant", "unterstützt", "begleitet", "entwickelt", "fördert", "verbessert", "prüft", "stellt vor", "setzt um")
ROLES = ("Stadtverwaltung", "Gemeindeverwaltung", "Polizeirevier", "Schulen", "Jugendclub", "Kirchgemeinde",
         "Ordnungsamt", "Seniorenbeirat", "Sportverein", "Freiwillige Feuerwehr", "Wohnungsgesellschaft")
PEOPLE = ("Anna Schmidt", "Jens Müller", "Katrin Richter", "Thomas Wolf", "Sabine Krause", "Uwe Lehmann",
          "Petra Hoffmann", "Michael Schulze", "Claudia Neumann", "Frank Zimmermann")
SOURCE = "https://www.medienservice.sachsen.de/medien/news/{n}"


def sentence(rng: random.Random, lo: int = 8, hi: int = 18) -> list[str]:
    n = rng.randint(lo, hi)
    words = [rng.choice(WORDS) if rng.random() < 0.55 else rng.choice(FILLER) for _ in range(n)]
    words.insert(min(3, n), rng.choice(VERBS))
    words[0] = words[0][0].upper() + words[0][1:]
    return words


def paragraph(rng: random.Random, words: int) -> tuple[str, int]:
    out: list[str] = []
    while len(out) < words:
        out += sentence(rng)
        out[-1] += "."
    return " ".join(out), len(out)


def body(rng: random.Random, names: list[str]) -> str:
    target = rng.randint(300, 700)
    parts, count = [], 0
    lead = f"{', '.join(names) or 'Der Landespräventionsrat'} {rng.choice(VERBS)} die Arbeit in der Allianz Sichere Sächsische Kommunen."
    parts.append(lead)
    count += len(lead.split())
    heading_at = {2, 5}
    i = 0
    while count < target:
        i += 1
        if i in heading_at:
            parts.append("## " + " ".join(sentence(rng, 2, 4)[:4]))
        if i == 3 and rng.random() < 0.5:
            items = [" ".join(sentence(rng, 3, 6)) for _ in range(rng.randint(3, 5))]
            parts.append("\n".join(f"- {x}" for x in items))
            count += sum(len(x.split()) for x in items)
            continue
        text, n = paragraph(rng, min(rng.randint(50, 110), target - count + 5))
        parts.append(text)
        count += n
    parts.append("Weitere Informationen gibt es beim [Landespräventionsrat Sachsen](https://www.lpr.sachsen.de/).")
    return "\n\n".join(parts) + "\n"


def png(rng: random.Random, w: int = 16, h: int = 9) -> bytes:
    """A tiny solid-colour PNG (zlib + struct only)."""
    colour = bytes(rng.randrange(256) for _ in range(3))
    raw = b"".join(b"\x00" + colour * w for _ in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def svg(rng: random.Random) -> bytes:
    c = f"#{rng.randrange(1 << 24):06x}"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="160" height="90" viewBox="0 0 160 90">'
            f'<rect width="160" height="90" fill="{c}"/><circle cx="80" cy="45" r="30" fill="#fff"/></svg>\n').encode()


def q(s: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def day(d: date) -> str:
    return d.isoformat()


def milestones(rng: random.Random, model: bool) -> tuple[list[tuple[str, str, str]], bool]:
    """(kind, date, note) tuples in chronological order, and whether a KPR was founded."""
    out: list[tuple[str, str, str]] = []
    start = date(2019, 3, 1) + timedelta(days=rng.randrange(6 * 365))
    if model:
        out.append(("modellkommune", "2019-02-06", ""))
        start = date(2019, 2, 6)
    # Contact often known only by month.
    out.append(("kontakt", f"{start:%Y-%m}" if rng.random() < 0.4 else day(start), ""))
    t = start
    stages = rng.random()
    if stages < 0.45 and not model:
        return out, False
    t += timedelta(days=rng.randint(30, 200))
    out.append(("vorvereinbarung", day(t), ""))
    if stages < 0.7 and not model:
        return out, False
    t += timedelta(days=rng.randint(60, 300))
    out.append(("kooperationsvereinbarung", day(t), ""))
    kpr = False
    if rng.random() < 0.5:
        c = t + timedelta(days=rng.randint(20, 120))
        out.append(("coaching-start", f"{c:%Y-%m}", ""))
        if rng.random() < 0.6:
            e = c + timedelta(days=rng.randint(200, 500))
            out.append(("coaching-ende", f"{e:%Y-%m}", ""))
    if rng.random() < 0.4:
        s = t + timedelta(days=rng.randint(30, 200))
        out.append(("sicherheitsanalyse-start", f"{s:%Y-%m}", ""))
        if rng.random() < 0.7:
            out.append(("sicherheitsanalyse-ende", f"{s + timedelta(days=rng.randint(150, 300)):%Y-%m}", ""))
    if rng.random() < 0.5:
        out.append(("kpr-gegruendet", day(t + timedelta(days=rng.randint(0, 400))), "Konstituierende Sitzung des Rates."))
        kpr = True
    # Keep only what lies before the end of 2025 (the corpus is "as of" late 2026).
    limit = "2025-12-31"
    return [x for x in out if x[1] <= limit], kpr


def write_kommune(folder: Path, rng: random.Random, slug: str, m: Municipality, model: bool) -> None:
    events, kpr = milestones(rng, model)
    lines = [f"ags: {q(m.ags)}"]
    if rng.random() < 0.3:
        lines.append(f"summary: {q(f'{m.name} arbeitet seit einigen Jahren in der Allianz mit. ' + ' '.join(sentence(rng, 12, 20)) + '.')}")
    lines.append("milestones:")
    for kind, d, note in events:
        lines += [f"  - type: {kind}", f"    date: {q(d)}", f"    source: {SOURCE.format(n=rng.randint(100000, 1099999))}"]
        if kind == "kooperationsvereinbarung":
            lines += ["    signatories:", f"      - name: {q(rng.choice(PEOPLE))}", "        role: Bürgermeister",
                      f"      - name: {q(rng.choice(PEOPLE))}", f"        role: {q('Leiter der ' + m.police.label)}"]
        if note:
            lines.append(f"    note: {q(note)}")
    fields = rng.sample(sorted(FIELDS_OF_ACTION), rng.randint(1, 4))
    lines.append(f"fields_of_action: [{', '.join(fields)}]")
    if kpr or rng.random() < 0.2:
        lines += ["kpr:", f"  name: {q('Kriminalpräventiver Rat ' + m.name)}", "  members:"]
        for role in rng.sample(ROLES, rng.randint(3, 7)):
            lines.append(f"    - role: {q(role)}")
        lines += ["  contact:", f"    organisation: {q(('Stadtverwaltung ' if m.kind == 'Stadt' else 'Gemeindeverwaltung ') + m.name)}",
                  f"    person: {q(rng.choice(PEOPLE))}", f"    street: {q('Markt ' + str(rng.randint(1, 30)))}",
                  f"    postal_code: {q('0' + str(rng.randint(1000, 9999)))}", f"    city: {q(m.name)}",
                  f"    phone: {q('0371 ' + str(rng.randint(100000, 999999)))}", f"    email: {q('praevention@' + slug + '.de')}"]
    if rng.random() < 0.3:
        lines += ["projects:"] + [f"  - {q(' '.join(sentence(rng, 4, 8)))}" for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.3:
        lines += ["links:", f"  - title: {q('Website ' + m.name)}", f"    url: https://www.{slug}.de/"]
    (folder / f"{slug}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def generate(out: Path, releases: int = 2000, seed: int = 7) -> Path:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in ("docs", "overrides", "hooks"):
        shutil.copytree(REPO / name, out / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "mkdocs.yml", out / "mkdocs.yml")
    (out / "data").mkdir()
    shutil.copy(REPO / "data" / "foerderung.yml", out / "data" / "foerderung.yml")

    ref = load_reference()
    munis = sorted(ref.municipalities.values(), key=lambda m: m.ags)
    slugs: dict[str, Municipality] = {}
    for m in munis:
        s = slugify(m.name)
        if s in slugs:
            s = f"{s}-{m.ags[-3:]}"
        slugs[s] = m
    folder = out / "kommunen"
    (folder / "gruppen").mkdir(parents=True)
    models = set(rng.sample(sorted(slugs), 8))
    for slug, m in slugs.items():
        write_kommune(folder, rng, slug, m, slug in models)

    # A few groups of neighbours in one district.
    by_district: dict[str, list[str]] = {}
    for slug, m in slugs.items():
        by_district.setdefault(m.district.ags, []).append(slug)
    kinds = ("staedtebund", "verwaltungsgemeinschaft", "verwaltungsverband", "kooperation")
    for i, d in enumerate([d for d in sorted(by_district) if len(by_district[d]) >= 3][:6]):
        members = rng.sample(by_district[d], 3 if i % 2 else 2)
        g_day = date(2020, 1, 1) + timedelta(days=rng.randrange(5 * 365))
        (folder / "gruppen" / f"gruppe-{i + 1}.yml").write_text(
            f"name: {q('Kommunale Gemeinschaft ' + str(i + 1))}\nkind: {kinds[i % 4]}\nmembers: [{', '.join(members)}]\n"
            f"milestones:\n  - type: kooperationsvereinbarung\n    date: {q(day(g_day))}\n"
            f"    source: {SOURCE.format(n=rng.randint(100000, 1099999))}\n", encoding="utf-8")

    # Releases: larger towns are mentioned more often.
    names = sorted(slugs)
    weights = [max(1.0, slugs[s].population / 5000) ** 0.7 for s in names]
    news = out / "news"
    (news / "bilder").mkdir(parents=True)
    start = datetime(FIRST_YEAR, 1, 1, 8, 0)
    span_minutes = YEARS * 365 * 24 * 60
    categories = list(CATEGORIES)
    cat_weights = [5, 1, 3, 2, 2, 3]
    for i in range(releases):
        when = start + timedelta(minutes=rng.randrange(span_minutes))
        when = when.replace(hour=rng.randint(8, 17), minute=rng.choice((0, 15, 30, 45)))
        kommunen = sorted(set(rng.choices(names, weights, k=rng.choice((0, 1, 1, 1, 2, 3)))))
        category = rng.choices(categories, cat_weights)[0]
        topic = " ".join(sentence(rng, 3, 6)[:5])
        where = slugs[kommunen[0]].name if kommunen else "Sachsen"
        title = f"{where}: {topic}"
        slug = f"{when:%Y-%m-%d}-pm-{i + 1:05d}-{kommunen[0] if kommunen else 'sachsen'}"
        summary = " ".join(sentence(rng, 18, 30)) + "."
        rid = uuid.UUID(int=rng.getrandbits(128), version=4)
        lines = ["---", f"id: {q(str(rid))}", f"title: {q(title)}", f"date: {q(f'{when:%Y-%m-%d %H:%M}')}",
                 f"category: {category}", f"summary: {q(summary)}"]
        if kommunen:
            lines += ["kommunen:"] + [f"  - {k}" for k in kommunen]
        if rng.random() < 0.15:
            # SVG from authors is refused since issue 12: the images once drawn as SVG are PNGs drawn from
            # their own seed, and the SVG's draws are still taken, so every other file stays as it was.
            was_png = rng.random() < 0.6
            src = f"bilder/pm-{i + 1:05d}.png"
            if not was_png:
                svg(rng)
            (news / src).write_bytes(png(rng) if was_png else png(random.Random(i)))
            lines += ["image:", f"  src: {src}", f"  alt: {q('Gruppenfoto in ' + where)}", f"  credit: {q('© ' + where)}"]
        lines += ["sources:", f"  - {SOURCE.format(n=rng.randint(100000, 1099999))}", "---", ""]
        text = "\n".join(lines) + "\n" + body(rng, [slugs[k].name for k in kommunen])
        (news / f"{slug}.md").write_text(text, encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="directory to write (replaced if it exists)")
    parser.add_argument("--releases", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-check", action="store_true", help="skip loading the result with asskomm.corpus")
    args = parser.parse_args(argv)
    out = generate(args.out, args.releases, args.seed)
    if not args.no_check:
        corpus = load_corpus(out)  # raises InputError listing every problem
        print(f"{out}: {len(corpus.kommunen)} Kommunen, {len(corpus.groups)} Gruppen, {len(corpus.releases)} Pressemitteilungen")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
