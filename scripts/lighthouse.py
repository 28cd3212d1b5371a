#!/usr/bin/env python3
"""Lighthouse scores of every page type, served by nginx as in production.

Runs npm `lighthouse` (pinned in package-lock.json; `npm ci`) with Debian's chromium, mobile form factor
and Lighthouse's default simulated throttling (slow 4G, 4x CPU), against the shipped nginx configuration
serving a build made by `asskomm build` (precompressed copies and site-deploy/ beside it). Prints
performance, accessibility, best practices and SEO, LCP, Total Blocking Time, CLS and transferred kB per page
type (medians of `--runs`, with each run's performance score) and the budgets of issue 17:
accessibility 100 and best practices 100 everywhere, performance >= 95.

    PYTHONPATH=. .venv/bin/python scripts/lighthouse.py site            # a build of the repo, 3 runs per page
    PYTHONPATH=. .venv/bin/python scripts/lighthouse.py site --runs 5 --path /standorte/ --keep /tmp/lh
    PYTHONPATH=. .venv/bin/python scripts/benchmark.py                  # runs it on the full-scale build

Nothing leaves the machine: the site is on 127.0.0.1 and Chromium's background networking is off.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from asskomm import nginx

LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BUDGETS = {"performance": 95, "accessibility": 100, "best-practices": 100}


def page_types(site: Path) -> dict[str, str]:
    """One URL path per page type, found in the build (full-scale and repo builds differ in names)."""
    def first(pattern: str) -> str | None:
        found = sorted(p for p in site.glob(pattern) if p.name == "index.html")
        return "/" + found[0].parent.relative_to(site).as_posix() + "/" if found else None

    candidates = {
        "Startseite": "/",
        "Kommunen (Tabelle)": "/kommunen/",
        "Kommune": first("kommunen/[a-z]*/index.html") if not (site / "kommunen/oelsnitz-erzgeb").is_dir()
        else "/kommunen/oelsnitz-erzgeb/",
        "Meilenstein-Liste": first("kommunen/meilenstein/*/index.html"),
        "Kreis": first("kreise/*/index.html"),
        "Polizeidirektion": first("polizeidirektionen/*/index.html"),
        "Pressemitteilungen": "/aktuelles/",
        "Pressemitteilung": first("aktuelles/2*/index.html"),
        "Archiv Jahr": first("aktuelles/archiv/*/index.html"),
        "Kategorie": first("aktuelles/kategorie/*/index.html"),
        "Standorte (Karte)": "/standorte/",
        "Gemeinden A-Z": "/gemeinden/",
        "Zahlen": "/zahlen/",
        "Offene Daten": "/daten/",
        "Impressum": "/impressum/",
    }  # not the 404 page: Lighthouse refuses to score a response with status 404 (its headers: tests/test_nginx.py)
    return {name: path for name, path in candidates.items() if path}


def run_one(url: str, out: Path, keep: Path | None = None) -> dict[str, float]:
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
           "--only-categories=" + ",".join(CATEGORIES), f"--chrome-flags={' '.join(CHROME_FLAGS)}",
           "--locale=de"]
    for _ in range(3):  # Lighthouse sometimes loses the trace on a busy machine (NO_NAVSTART): run again
        out.unlink(missing_ok=True)
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if result.returncode == 0 and out.is_file():
            break
    if result.returncode != 0 or not out.is_file():
        raise RuntimeError(f"lighthouse {url} failed:\n{result.stderr[-2000:]}")
    if keep:  # the whole report, for looking into an audit (e.g. which script blocks the main thread)
        keep.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out, keep)
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {k: round((report["categories"][k]["score"] or 0) * 100) for k in CATEGORIES}
    audits = report["audits"]
    scores["lcp_s"] = audits["largest-contentful-paint"]["numericValue"] / 1000
    scores["tbt_ms"] = audits["total-blocking-time"]["numericValue"]
    scores["cls"] = audits["cumulative-layout-shift"]["numericValue"]
    scores["fcp_s"] = audits["first-contentful-paint"]["numericValue"] / 1000
    scores["kb"] = audits["total-byte-weight"]["numericValue"] / 1000  # transferred, as Lighthouse counts it
    scores["failed"] = sorted(  # type: ignore[assignment]
        audit_id for cat in ("accessibility", "best-practices", "seo", "performance")
        for ref in report["categories"][cat]["auditRefs"]
        if ref["weight"] > 0 and (audit_id := ref["id"]) and report["audits"][audit_id]["score"] is not None
        and report["audits"][audit_id]["score"] < (0.9 if cat == "performance" else 1))
    return scores


NUMBERS = (*CATEGORIES, "lcp_s", "tbt_ms", "cls", "fcp_s", "kb")


def median_of(runs: list[dict[str, object]]) -> dict[str, object]:
    """Each figure's median over the runs (Lighthouse's simulated throttling varies with the machine's load);
    the spread of the performance score is kept as `performance_runs`, flagged audits are their union."""
    out: dict[str, object] = {k: statistics.median(r[k] for r in runs) for k in NUMBERS}  # type: ignore[misc]
    out["performance_runs"] = [r["performance"] for r in runs]
    out["failed"] = sorted({a for r in runs for a in r["failed"]})  # type: ignore[attr-defined]
    return out


def measure(site: Path, paths: dict[str, str] | None = None, log=print, runs: int = 1,
            keep: Path | None = None) -> dict[str, dict[str, object]]:
    """Serve `site` with nginx and run Lighthouse `runs` times on each page type; {page type: median scores}."""
    if not LIGHTHOUSE.is_file():
        raise RuntimeError(f"{LIGHTHOUSE} fehlt: npm ci")
    paths = paths or page_types(site)
    results: dict[str, dict[str, object]] = {}
    with nginx.serve(site) as base, tempfile.TemporaryDirectory() as tmp:
        for name, path in paths.items():
            slug = path.strip("/").replace("/", "_") or "home"
            r = median_of([run_one(base + path, Path(tmp) / "report.json", keep / f"{slug}-{i + 1}.json" if keep else None)
                           for i in range(runs)])
            results[name] = {"path": path, **r}
            log(f"  {name:20} {path:50} " + " ".join(f"{k[:4]} {r[k]:>3}" for k in CATEGORIES)
                + f"  LCP {r['lcp_s']:.1f} s  TBT {r['tbt_ms']:.0f} ms  runs {r['performance_runs']}")
    return results


def budgets(results: dict[str, dict[str, object]]) -> list[tuple[str, bool, str]]:
    out = []
    for category, minimum in BUDGETS.items():
        worst = min(results.items(), key=lambda item: item[1][category])  # type: ignore[arg-type,return-value]
        out.append((f"Lighthouse {category} >= {minimum} on every page type", worst[1][category] >= minimum,  # type: ignore[operator]
                    f"lowest {worst[1][category]} ({worst[0]})"))
    return out


def print_table(results: dict[str, dict[str, object]]) -> None:
    print(f"\n{'page type':20} {'perf':>5} {'a11y':>5} {'BP':>5} {'SEO':>5} {'LCP s':>6} {'TBT ms':>7} {'CLS':>6} "
          f"{'kB':>6}  perf runs     flagged")
    for name, r in results.items():
        print(f"{name:20} {r['performance']:>5} {r['accessibility']:>5} {r['best-practices']:>5} {r['seo']:>5} "
              f"{r['lcp_s']:>6.1f} {r['tbt_ms']:>7.0f} {r['cls']:>6.3f} {r['kb']:>6.0f}  "
              f"{r.get('performance_runs', '')!s:13} {', '.join(r['failed']) or '-'}")  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a build made by `asskomm build` (site-deploy/ beside it)")
    parser.add_argument("--path", action="append", help="only this URL path (repeatable)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the table shows medians (default 3)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--keep", type=Path, help="keep every Lighthouse report (JSON) in this directory")
    args = parser.parse_args(argv)
    paths = {p: p for p in args.path} if args.path else None
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    results = measure(args.site, paths, runs=args.runs, keep=args.keep)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print_table(results)
    print("\nbudgets:")
    ok_all = True
    for name, ok, value in budgets(results):
        ok_all &= ok
        print(f"  [{'ok' if ok else 'MISSED'}] {name}: {value}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
