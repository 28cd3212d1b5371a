"""Run the hostile inputs of issue 12 through `asskomm check` and a strict build, and count what goes wrong.

Each case starts from the small test site of `tests/conftest.py` (a few records, one public release),
changes one thing, runs the check (`asskomm check`, in process) and `mkdocs build --strict` (in process,
with the real hooks), and scans every output file for the payload:

- HTML pages and the search index: a tag or attribute that executes or styles (script, style,
  iframe, object, embed, `on*=`, `style=`, `javascript:`/`vbscript:`/`data:` URLs), or an image
  from another host;
- feeds: RSS `<description>`/`content:encoded` and Atom `type="html"` elements, parsed as the HTML a
  feed reader renders, with the same rules;
- CSV files: a cell starting with `=`, `+`, `-`, `@`, tab or CR (a formula in a spreadsheet);
- any file: the marker of a foreign file (symlink target) or an SVG holding script.

Printed counts: accepted by check although the input must be refused, accepted by check and payload
published, built with payload, tracebacks (check or build), and check/build disagreements.

    PYTHONPATH=. .venv/bin/python scripts/safety_report.py [--verbose]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from bs4 import BeautifulSoup

from conftest import NOW, OELSNITZ_ID, make_site, write

RELEASE = "news/2023-02-23-oelsnitz-kooperationsvereinbarung.md"
PAYLOAD = "PWN"
FOREIGN = "PWNFILE"
JS = "alert('PWN')"
EXECUTABLE_TAGS = {"script", "style", "iframe", "object", "embed", "frame", "frameset", "applet", "base",
                   "form", "template", "noscript"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "background", "data"}
BAD_SCHEMES = re.compile(r"^\s*(javascript|vbscript|data):", re.I)
OWN_HOSTS = ("https://example.org/", "http://example.org/")


@dataclass
class Case:
    name: str
    change: Callable[[Path], None]
    must_refuse: bool | None  # True: check must refuse; False: must build; None: either, if safe and agreeing
    note: str = ""


def edit(root: Path, old: str, new: str) -> None:
    path = root / RELEASE
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def body(text: str) -> Callable[[Path], None]:
    return lambda root: edit(root, "Bürgermeister Thomas Lein unterzeichnete.", text)


def front(old: str, new: str) -> Callable[[Path], None]:
    return lambda root: edit(root, old, new)


def title(value: str) -> Callable[[Path], None]:
    return front("title: Unterzeichnung der Kooperationsvereinbarung mit der Stadt Oelsnitz/Erzgeb.", f"title: {value}")


def date(value: str) -> Callable[[Path], None]:
    return front("date: 2023-02-23 10:00", f"date: {value}")


def outside(root: Path, name: str, text: str) -> Path:
    target = root.parent / "draussen" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def image(root: Path, name: str, content: bytes | None = None, symlink_to: Path | None = None) -> None:
    folder = root / "news/bilder"
    folder.mkdir(parents=True, exist_ok=True)
    if symlink_to is not None:
        (folder / name).symlink_to(symlink_to)
    else:
        (folder / name).write_bytes(content or b"")
    edit(root, "category:", f"image:\n  src: bilder/{name}\n  alt: Bild\n  credit: © Stadt\ncategory:")


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def symlinked_image(root: Path) -> None:
    image(root, "link.png", symlink_to=outside(root, "geheim.png", FOREIGN))


def symlinked_release(root: Path) -> None:
    target = outside(root, "fremd.md", (root / RELEASE).read_text(encoding="utf-8")
                     .replace(OELSNITZ_ID, "eeeeeeee-5555-4555-8555-eeeeeeeeeeee")
                     .replace("Bürgermeister Thomas Lein unterzeichnete.", FOREIGN))
    (root / "news/2023-02-24-verlinkt.md").symlink_to(target)
    text = target.read_text(encoding="utf-8").replace("2023-02-23 10:00", "2023-02-24 10:00")
    target.write_text(text, encoding="utf-8")


def symlinked_record(root: Path) -> None:
    (root / "kommunen/amtsberg.yml").symlink_to(outside(root, "amtsberg.yml", f'ags: "14521010"\nsummary: {FOREIGN}\n'))


def symlinked_doc(root: Path) -> None:
    (root / "docs/fremd.md").symlink_to(outside(root, "fremd-doc.md", f"# Fremd\n\n{FOREIGN}\n"))


def symlinked_data(root: Path) -> None:
    target = outside(root, "foerderung.yml", (root / "data/foerderung.yml").read_text(encoding="utf-8"))
    (root / "data/foerderung.yml").unlink()
    (root / "data/foerderung.yml").symlink_to(target)


def reused_id(root: Path) -> None:
    old = "abababab-1111-4111-8111-abababababab"
    write(root / "news/veroeffentlicht.yml", f"{OELSNITZ_ID}: 2023-02-23-oelsnitz-kooperationsvereinbarung\n"
          f"{old}: 2022-05-01-geloescht\n")
    new = (root / RELEASE).read_text(encoding="utf-8").replace(OELSNITZ_ID, old).replace("2023-02-23 10:00", "2023-02-24 10:00")
    write(root / "news/2023-02-24-neu.md", new)


def record_name(value: str) -> Callable[[Path], None]:
    return lambda root: write(root / "kommunen/amtsberg.yml", f'ags: "14521010"\nname: {value}\n'
                              "milestones:\n  - {type: kontakt, date: 2021-01, source: \"https://example.org/\"}\n")


def group_name(value: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / "kommunen/gruppen/staedtebund-silberberg.yml"
        path.write_text(path.read_text(encoding="utf-8").replace("name: Städtebund Silberberg", f"name: {value}"), encoding="utf-8")
    return change


CASES: list[Case] = [
    # HTML in and around fenced code
    Case("fence-backticks-script", body(f"```\n<script>{JS}</script>\n```"), False, "fenced code shows as code"),
    Case("fence-tildes-img", body(f"~~~\n<img src=x onerror=\"{JS}\">\n~~~"), False),
    Case("lone-fence-then-script", body(f"```\n\nText\n\n<script>{JS}</script>"), None),
    Case("escaped-backtick-img", body(f"\\`<img src=x onerror=\"{JS}\">\\`"), True),
    Case("tag-split-over-lines", body(f"<img\nsrc=x\nonerror=\"{JS}\">"), True),
    Case("namespaced-unclosed-tag", body(f"<x:y onmouseover=\"{JS}\">Text"), True),
    Case("html-comment", body("<!-- PWN -->"), True),
    Case("style-block", body("<style>body{display:none} /* PWN */</style>"), True),
    # attribute lists
    Case("attr-list-onclick", body(f"Absatz\n{{: onclick=\"{JS}\" }}"), True),
    Case("attr-list-href-js", body(f"[x](https://example.org/){{: href=\"javascript:{JS}\" }}"), True),
    Case("attr-list-style-heading", body("## Titel {: style=\"position:fixed;top:0;content:'PWN'\" }"), True),
    Case("attr-list-img-src", body("![x](bilder/x.png){: src=\"http://evil.example/PWN.png\" }"), True),
    # links and schemes
    Case("reference-link-js", body(f"[klick][1]\n\n[1]: javascript:{JS}"), True),
    Case("inline-link-js", body(f"[klick](javascript:{JS})"), True),
    Case("inline-link-js-angle", body(f"[klick](<javascript:{JS}>)"), True),
    Case("inline-link-js-upper-space", body(f"[klick](  JaVaScRiPt:{JS})"), True),
    Case("link-data", body("[x](data:text/html;base64,UFdO)"), True),
    Case("link-vbscript", body("[x](vbscript:msgbox(\"PWN\"))"), True),
    Case("link-entity-js", body(f"[x](&#106;avascript:{JS})"), True),
    Case("link-ftp", body("[x](ftp://example.org/PWN)"), True),
    Case("autolink-js", body(f"<javascript:{JS}>"), True),
    # third-party resources
    Case("image-third-party", body("![x](http://evil.example/PWN.png)"), True),
    Case("image-third-party-reference", body("![x][b]\n\n[b]: https://evil.example/PWN.png"), True),
    # title and summary
    Case("title-img-onerror", title(f"\"<img src=x onerror={JS}>\""), None, "escaped everywhere"),
    Case("summary-img-onerror", front("summary: Zusammenfassung", f"summary: \"<img src=x onerror={JS}>\" Zusammenfassung"), None),
    # control and invisible characters
    Case("title-nul", title("\"Titel \\0 PWN\""), True),
    Case("title-esc", title("\"Titel \\e PWN\""), True),
    Case("title-bel", title("\"Titel \\a PWN\""), True),
    Case("title-uffff", title("\"Titel \\uFFFF PWN\""), True),
    Case("body-esc", body("Text \x1b[31m PWN"), True),
    Case("title-rlo", title("\"Titel \\u202E PWN\""), True),
    Case("title-only-invisible", title("\"\\u200B\\u200B\""), True),
    Case("slug-zero-width", front("kommunen: [oelsnitz-erzgeb]", "kommunen: [\"oelsnitz\\u200B-erzgeb\"]"), True),
    # dates
    Case("date-year-1-plus14", date("0001-01-01 00:00+14:00"), True),
    Case("date-year-9999-minus12", date("9999-12-31 23:59-12:00"), True),
    Case("date-year-1", date("0001-01-01 10:00"), True),
    Case("date-offset-99", date("2023-02-23 10:00+99:00"), True),
    # files
    Case("symlinked-image", symlinked_image, True),
    Case("symlinked-release", symlinked_release, True),
    Case("symlinked-record", symlinked_record, True),
    Case("symlinked-doc", symlinked_doc, True),
    Case("symlinked-data", symlinked_data, True),
    Case("svg-with-script", lambda root: image(root, "x.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(\'PWN\')"><script>alert("PWN")</script></svg>'), True),
    Case("html-named-jpg", lambda root: image(root, "x.jpg", b"<html><script>alert('PWN')</script></html>"), True),
    Case("png-ok", lambda root: image(root, "x.png", PNG), False),
    # open data and ids
    Case("csv-hyperlink-record-name", record_name("'=HYPERLINK(\"http://evil.example/PWN\",\"x\")'"), None),
    Case("csv-at-group-name", group_name("'@SUM(1+1)*PWN'"), None),
    Case("id-reused-after-delete", reused_id, True),
    # benign controls
    Case("benign-table-code", body("| a | b |\n|---|---|\n| 1 | `<b>` |\n\n```\n<b>Code</b>\n```\n"), False),
    Case("benign-links", body("[LPR](https://www.lpr.sachsen.de/), [Mail](mailto:info@example.org), [Bannewitz](../kommunen/bannewitz.md)"), False),
]


@dataclass
class Result:
    case: Case
    check_ok: bool = False
    check_message: str = ""
    check_traceback: str = ""
    build_ok: bool = False
    build_message: str = ""
    build_traceback: str = ""
    payload: list[str] = field(default_factory=list)


def run_check(root: Path) -> tuple[bool, str, str]:
    from asskomm import cli

    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.cmd_check(argparse.Namespace())
        return code == 0, (out.getvalue() + err.getvalue()).strip(), ""
    except SystemExit as exc:
        return exc.code == 0, (out.getvalue() + err.getvalue()).strip(), ""
    except Exception:  # anything else is a traceback the press office would see
        return False, "", traceback.format_exc()
    finally:
        os.chdir(cwd)


def run_build(root: Path, site: Path) -> tuple[bool, str, str]:
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    handler = logging.Handler()
    messages: list[str] = []
    handler.emit = lambda record: messages.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site), strict=True)
        build(config)
        return True, "", ""
    except MkDocsException as exc:
        return False, (str(exc) + "\n" + "\n".join(messages)).strip(), ""
    except Exception:
        return False, "", traceback.format_exc()
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)


def _scan_html(html: str, where: str, found: list[str]) -> None:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        text = str(tag)
        if tag.name in EXECUTABLE_TAGS and PAYLOAD in text:
            found.append(f"{where}: <{tag.name}>")
        for name, raw in tag.attrs.items():
            value = " ".join(raw) if isinstance(raw, list) else str(raw)
            low = name.lower()
            if (low.startswith("on") or low in ("style", "http-equiv")) and PAYLOAD in value:
                found.append(f"{where}: {name}= on <{tag.name}>")
            if low in URL_ATTRS and BAD_SCHEMES.match(value.replace("\t", "").replace("\n", "")):
                found.append(f"{where}: {name}={value[:40]} on <{tag.name}>")
            if low in ("src", "srcset", "poster") and re.match(r"^\s*(https?:)?//", value) and not value.startswith(OWN_HOSTS):
                found.append(f"{where}: third-party {name}={value[:40]}")


def _scan_feed(text: str, where: str, found: list[str]) -> None:
    try:
        root = ElementTree.fromstring(text.encode("utf-8"))
    except ElementTree.ParseError as exc:
        found.append(f"{where}: not XML ({exc})")
        return
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        is_html = (tag in ("description", "encoded") or el.get("type") in ("html", "xhtml"))
        if is_html and el.text:
            _scan_html(el.text, f"{where} <{tag}>", found)


def scan(site: Path) -> list[str]:
    found: list[str] = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if FOREIGN.encode() in data:
            found.append(f"{rel}: foreign file content")
        if path.suffix == ".svg" and PAYLOAD.encode() in data:
            found.append(f"{rel}: svg with payload")
        if path.suffix not in (".html", ".xml", ".json", ".csv"):
            continue
        text = data.decode("utf-8", "replace")
        if path.suffix == ".html":
            _scan_html(text, rel, found)
        elif path.suffix == ".xml" and ("<rss" in text[:500] or "<feed" in text[:500]):
            _scan_feed(text, rel, found)
        elif rel.startswith("search/") and path.suffix == ".json":  # Material renders its strings as HTML
            for value in _strings(json.loads(text)):
                if "<" in value:
                    _scan_html(value, rel, found)
        elif path.suffix == ".csv":
            import csv

            for row in csv.reader(io.StringIO(text)):
                for cell in row:
                    if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                        found.append(f"{rel}: formula cell {cell[:30]!r}")
    return found


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def run(case: Case, work: Path) -> Result:
    root = work / case.name / "src"
    root.mkdir(parents=True)
    make_site(root)
    case.change(root)
    result = Result(case)
    result.check_ok, result.check_message, result.check_traceback = run_check(root)
    site = work / case.name / "site"
    result.build_ok, result.build_message, result.build_traceback = run_build(root, site)
    if site.is_dir():
        result.payload = scan(site)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--only", help="run only cases whose name contains this")
    args = ap.parse_args(argv)
    os.environ["ASSKOMM_NOW"] = NOW
    os.environ["NO_MKDOCS_2_WARNING"] = "true"
    import logging

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    work = Path(tempfile.mkdtemp(prefix="asskomm-safety-"))
    results = []
    try:
        for case in CASES:
            if args.only and args.only not in case.name:
                continue
            results.append(run(case, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    counts = {
        "cases": len(results),
        "accepted by check, must be refused": sum(r.check_ok and r.case.must_refuse is True for r in results),
        "refused by check, must build": sum(not r.check_ok and r.case.must_refuse is False for r in results),
        "accepted by check, payload published": sum(r.check_ok and bool(r.payload) for r in results),
        "built with payload": sum(r.build_ok and bool(r.payload) for r in results),
        "tracebacks (check or build)": sum(bool(r.check_traceback or r.build_traceback) for r in results),
        "check/build disagreements": sum(r.check_ok != r.build_ok for r in results),
    }
    for r in results:
        bad = ((r.check_ok and r.case.must_refuse is True) or (not r.check_ok and r.case.must_refuse is False)
               or r.payload or r.check_traceback or r.build_traceback or r.check_ok != r.build_ok)
        if bad or args.verbose:
            flag = "FAIL" if bad else "ok  "
            print(f"{flag} {r.case.name}: check {'OK' if r.check_ok else 'refused'}, build {'OK' if r.build_ok else 'failed'}"
                  + (", TRACEBACK" if r.check_traceback or r.build_traceback else "")
                  + (f", payload: {'; '.join(sorted(set(r.payload))[:3])}" if r.payload else ""))
            if args.verbose:
                for text in (r.check_message, r.build_message):
                    for line in text.splitlines()[:4]:
                        print("       " + line[:200])
                for tb in (r.check_traceback, r.build_traceback):
                    if tb:
                        print("       " + tb.strip().splitlines()[-1][:200])
    print()
    for name, value in counts.items():
        print(f"{name:40} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
