"""Issue 7 benchmark: the project vs plain MkDocs + Material vs Material's blog plugin + mkdocs-rss-plugin.

In one run on this machine, each build in a fresh subprocess (rusage of that child via os.wait4):
  1. project   – this repository's hooks building the full-scale corpus (scripts/fullscale.py);
  2. baseline  – plain MkDocs + Material, no hooks, the same theme overrides: the very pages the hooks
                 generate (same pages, same sizes; their HTML is valid Markdown) written as static
                 .md files that MkDocs converts as usual, same nav entries, the per-item pages
                 outside the nav;
  3. peer      – the same releases as posts of Material's blog plugin (archive, categories,
                 pagination) with mkdocs-rss-plugin, in its own venv (requirements/bench-peer.txt).
Prints wall, CPU (user+sys), peak RSS and output size (medians over --repeat runs), the ratios 1/2 and
3/1, a linearity run (N and 2N releases), the bytes transferred in Chromium for every page type and
for searching (scripts/measure_transfer.py, issue 15), the preview latency of `./dev serve`
(scripts/serve_latency.py), Lighthouse per page type against nginx serving the full-scale build
(scripts/lighthouse.py, issue 17) and the budgets. The project's build includes the search index
(Pagefind, run by the hook after the build); the baseline pays Material's search plugin (lunr index) instead.

    PYTHONPATH=. python scripts/benchmark.py                 # full: 2,000 releases, 3 repeats
    PYTHONPATH=. python scripts/benchmark.py --repeat 1 --releases 500   # quick look
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

import yaml

import fullscale
import lighthouse
import measure_transfer
import serve_latency
from asskomm import deploy
from asskomm.build import SiteBuild
from asskomm.dates import parse_berlin_datetime
from asskomm.precompress import (MIN_BYTES,
                                 SUFFIXES, TEXT_SUFFIXES)
from asskomm.vocabulary import CATEGORIES

PY = Path(sys.executable)
PEER_VENV = REPO / ".bench" / "peer-venv"
ENV = {**os.environ, "ASSKOMM_NOW": fullscale.NOW, "NO_MKDOCS_2_WARNING": "true",
       "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    out_mb: float  # output without the precompressed copies
    gz_mb: float  # the precompressed copies (.gz and .br)
    files: int


def measure(cmd: list[str], cwd: Path, site: Path, python_env: dict[str, str] = ENV, clean: bool = True) -> Run:
    """One build in a fresh process; its own rusage, not the parent's. `clean`: start from no output."""
    if clean:
        shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=python_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} in {cwd} failed:\n{stderr.decode(errors='replace')[-3000:]}")
    out = gz = 0
    files = 0
    for p in site.rglob("*"):
        if p.is_file():
            size = p.stat().st_size
            if p.suffix in (".gz", ".br"):
                gz += size
            else:
                out += size
                files += 1
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out / 1e6, gz / 1e6, files)


def median(runs: list[Run]) -> Run:
    return Run(*(statistics.median(getattr(r, f) for r in runs) for f in ("wall", "cpu", "rss_mb", "out_mb", "gz_mb", "files")))


# --- inputs ------------------------------------------------------------------------------------------

def make_baseline(project: Path, out: Path) -> None:
    """The hooks' pages as static Markdown files: same pages and sizes, no hooks, plain Material.

    The generated pages are HTML (with release bodies already converted): as Markdown that is raw
    HTML, which Python-Markdown passes through more cheaply than prose. So this baseline is, if
    anything, faster than a site of hand-written Markdown of the same size (ratio 1/2 errs high)."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(project / "docs", out / "docs")
    os.environ["ASSKOMM_NOW"] = fullscale.NOW
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    build = SiteBuild(project, config["site_url"], parse_berlin_datetime(fullscale.NOW))
    for page in build.pages():
        target = out / "docs" / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    for md in (project / "docs").rglob("*.md"):  # hand-written pages with their markers expanded
        rel = md.relative_to(project / "docs").as_posix()
        page_url = rel[:-3] + "/" if not rel.endswith("index.md") else rel[: -len("index.md")]
        text = build.expand_markers(md.read_text(encoding="utf-8"), page_url, rel)
        (out / "docs" / rel).write_text(text, encoding="utf-8")
    for dest, source in build.assets().items():
        (out / "docs" / dest).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, out / "docs" / dest)
    config.pop("hooks", None)
    # Same theme, overrides included (footer, TOC fix, 404, DGS template): only the hooks are missing,
    # and the search is Material's own (plugin with its lunr index, in Material's header) instead of
    # the project's Pagefind search (issue 15).
    shutil.copytree(project / "overrides", out / "overrides")
    for own in ("partials/header.html", "partials/suche.html"):
        (out / "overrides" / own).unlink(missing_ok=True)
    config["extra_javascript"] = [js for js in config.get("extra_javascript", []) if "suche" not in str(js)]
    config["plugins"] = [{"search": {"lang": "de"}}, *config.get("plugins", [])]
    config["strict"] = False
    config["validation"] = {"nav": {"omitted_files": "ignore"}, "links": {"not_found": "ignore", "anchors": "ignore"}}
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def make_peer(project: Path, out: Path) -> None:
    """The same releases as blog posts (Material blog plugin) with mkdocs-rss-plugin."""
    if out.exists():
        shutil.rmtree(out)
    os.environ["ASSKOMM_NOW"] = fullscale.NOW
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    build = SiteBuild(project, config["site_url"], parse_berlin_datetime(fullscale.NOW))
    docs = out / "docs"
    posts = docs / "aktuelles" / "posts"
    posts.mkdir(parents=True)
    (docs / "index.md").write_text("# Allianz Sichere Sächsische Kommunen\n\nPressemitteilungen unter [Aktuelles](aktuelles/index.md).\n", encoding="utf-8")
    (docs / "aktuelles" / "index.md").write_text("# Pressemitteilungen\n", encoding="utf-8")
    for r in build.view.releases:
        front = {"date": r.date, "categories": [CATEGORIES[r.meta.category]],
                 "slug": r.slug, "description": r.meta.summary}
        image = ""
        if r.meta.image:
            (posts / r.meta.image.src).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(r.image_path, posts / r.meta.image.src)
            image = f"![{r.meta.image.alt}]({r.meta.image.src})\n\n"
        text = (f"---\n{yaml.safe_dump(front, allow_unicode=True, sort_keys=False)}---\n\n# {r.meta.title}\n\n"
                f"**{r.meta.summary}**\n\n<!-- more -->\n\n{image}{r.body}")
        (posts / f"{r.slug}.md").write_text(text, encoding="utf-8")
    cfg = {
        "site_name": config["site_name"], "site_url": config["site_url"],
        "theme": {"name": "material", "language": "de", "font": False,
                  "features": ["navigation.sections", "navigation.top", "search.highlight"]},
        "plugins": [
            {"search": {"lang": "de"}},
            {"blog": {"blog_dir": "aktuelles", "archive": True, "categories": True, "pagination_per_page": 10,
                      "post_url_format": "{slug}", "post_excerpt": "required"}},
            {"rss": {"match_path": "aktuelles/posts/.*", "use_git": False,
                     "date_from_meta": {"as_creation": "date"},
                     "categories": ["categories"]}},
        ],
        "nav": [{"Start": "index.md"}, {"Aktuelles": ["aktuelles/index.md"]}],
    }
    (out / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")


def setup_peer() -> Path:
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([str(PY), "-m", "venv", str(PEER_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-r", str(REPO / "requirements" / "bench-peer.txt")], check=True)
    return python


# --- page weight ---------------------------------------------------------------------------------------

def missing_copies(site: Path) -> list[str]:
    """Text files of the published site without a `.gz` or `.br` copy next to them."""
    missing = []
    for path in sorted(site.rglob("*")):
        if path.suffix in TEXT_SUFFIXES and path.is_file() and path.stat().st_size >= MIN_BYTES:
            for suffix in SUFFIXES:
                if not path.with_name(path.name + suffix).exists():
                    missing.append(path.relative_to(site).as_posix() + suffix)
    return missing


# --- main ----------------------------------------------------------------------------------------------

def fmt(r: Run) -> str:
    return f"{r.wall:8.1f} {r.cpu:8.1f} {r.rss_mb:8.0f} {r.out_mb:8.1f} {r.gz_mb:7.1f} {r.files:7.0f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--releases", type=int, default=2000)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/asskomm-bench"))
    ap.add_argument("--skip-peer", action="store_true")
    ap.add_argument("--skip-linearity", action="store_true")
    ap.add_argument("--skip-preview", action="store_true", help="no `mkdocs serve` latency run")
    ap.add_argument("--skip-lighthouse", action="store_true", help="no Lighthouse run through nginx")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)

    print(f"# input: {args.releases} releases, 418 Kommunen -> {work}", flush=True)
    project = fullscale.generate(work / "project", args.releases)
    make_baseline(project, work / "baseline")
    peer_python = None
    if not args.skip_peer:
        peer_python = setup_peer()
        make_peer(project, work / "peer")

    mk = [str(PY), "-m", "mkdocs", "build", "-q"]
    builds: dict[str, list[Run]] = {"1 project": [], "2 baseline": [], "3 peer": []}
    for i in range(args.repeat):
        builds["1 project"].append(measure([*mk, "-d", str(work / "site-project")], project, work / "site-project"))
        builds["2 baseline"].append(measure([*mk, "-d", str(work / "site-baseline")], work / "baseline", work / "site-baseline"))
        if peer_python:
            peer_env = {k: v for k, v in ENV.items() if k != "PYTHONPATH"}
            builds["3 peer"].append(measure([str(peer_python), "-m", "mkdocs", "build", "-q", "-d", str(work / "site-peer")],
                                            work / "peer", work / "site-peer", peer_env))
        print(f"# run {i + 1}/{args.repeat}: " + ", ".join(f"{k} {v[-1].wall:.1f}s" for k, v in builds.items() if v), flush=True)

    med = {k: median(v) for k, v in builds.items() if v}
    print(f"\n{'build':12} {'wall s':>8} {'CPU s':>8} {'RSS MB':>8} {'out MB':>8} {'gz+br MB':>7} {'files':>7}   (medians of {args.repeat})")
    for k, r in med.items():
        print(f"{k:12} {fmt(r)}")
    p, b = med["1 project"], med["2 baseline"]
    result: dict[str, object] = {"releases": args.releases, "repeat": args.repeat,
                                 "runs": {k: [vars(r) for r in v] for k, v in builds.items()},
                                 "median": {k: vars(r) for k, r in med.items()}}
    ratios = {"1/2 wall": p.wall / b.wall, "1/2 cpu": p.cpu / b.cpu}
    if "3 peer" in med:
        q = med["3 peer"]
        ratios |= {"3/1 wall": q.wall / p.wall, "3/1 cpu": q.cpu / p.cpu}
    # The publishing build (`asskomm build`) also writes .gz and .br copies; MkDocs builds (and the baseline)
    # do not. Measured apart so both figures are on the table.
    gz_cmd = [str(PY), "-c", "import sys; from asskomm.precompress import precompress; precompress(sys.argv[1])",
              str(work / "site-project")]
    gz = median([measure(gz_cmd, project, work / "site-project", clean=False) for _ in range(args.repeat)])
    print(f"{'+ precompress':12} {fmt(gz)}   (asskomm build: .gz and .br copies of the project site)")
    ratios["1/2 cpu incl. precompress"] = (p.cpu + gz.cpu) / b.cpu
    ratios["1/2 wall incl. precompress"] = (p.wall + gz.wall) / b.wall
    result["gzip_step"] = vars(gz)
    missing = missing_copies(work / "site-project")
    result["precompressed_missing"] = missing
    print("\nratios: " + "  ".join(f"{k} = {v:.2f}" for k, v in ratios.items()))
    result["ratios"] = ratios

    if not args.skip_linearity:
        half = args.releases // 2
        lin: dict[int, Run] = {}
        for n in (half, args.releases):
            src = fullscale.generate(work / f"lin-{n}", n)
            lin[n] = median([measure([*mk, "-d", str(work / f"site-lin-{n}")], src, work / f"site-lin-{n}")
                             for _ in range(args.repeat)])
        a, z = lin[half], lin[args.releases]
        linear = {"time wall": z.wall / a.wall, "time cpu": z.cpu / a.cpu, "output": z.out_mb / a.out_mb, "files": z.files / a.files}
        print(f"\nlinearity {half} -> {args.releases} releases: " + "  ".join(f"{k} x{v:.2f}" for k, v in linear.items())
              + f"   ({fmt(a)} | {fmt(z)})")
        result["linearity"] = {"n": half, "2n": args.releases, "ratios": linear, "runs": {half: vars(a), args.releases: vars(z)}}

    site = work / "site-project"  # with its .gz and .br copies (the precompress runs above)
    index_files = [p for p in (site / "pagefind").rglob("*") if p.is_file() and p.suffix not in (".gz", ".br")]
    index_mb = sum(p.stat().st_size for p in index_files) / 1e6
    print(f"\nsearch index (Pagefind, pagefind/): {len(index_files):,} files, {index_mb:.1f} MB (chunks are gzip already)")
    result["search_index"] = {"files": len(index_files), "mb": index_mb}
    index_cmd = [str(PY), "-m", "pagefind", "--site", str(site), "--output-subdir", "pagefind", "--force-language", "de", "--quiet"]
    index_run = median([measure(index_cmd, project, site, clean=False) for _ in range(args.repeat)])
    print(f"{'  indexing':12} {fmt(index_run)}   (Pagefind alone, part of 1 project)")
    result["indexing"] = vars(index_run)
    print("\ntransferred in Chromium (fresh cache, .br as nginx brotli_static sends it; scripts/measure_transfer.py):", flush=True)
    transfer = measure_transfer.measure(site)
    print("\n".join("  " + line for line in measure_transfer.report(transfer)))
    result["transfer"] = transfer

    if not args.skip_preview:
        # As `./dev serve` runs it (--dirty); the newest release is edited and its page polled.
        print("\npreview (./dev serve, newest release edited, page polled every 50 ms):", flush=True)
        first, latencies = serve_latency.measure_preview(project, max(args.repeat, 3), dirty=True,
                                                         log=lambda m: print("  " + m, flush=True))
        result["preview"] = {"first_build": first, "edits": latencies}

    if not args.skip_lighthouse:
        # As production serves it: the precompressed build with the artefacts `asskomm build` writes beside it,
        # behind the shipped nginx configuration.
        deploy.write(deploy.plan(site), deploy.deploy_dir_for(site))
        print("\nLighthouse (mobile, simulated slow 4G and 4x CPU) through nginx, full-scale build:", flush=True)
        result["lighthouse"] = lighthouse.measure(site, log=lambda m: print(m, flush=True), runs=3)
        lighthouse.print_table(result["lighthouse"])  # type: ignore[arg-type]

    pages = transfer["pages"]  # type: ignore[index]
    heaviest = max(pages.items(), key=lambda kv: kv[1]["bytes"])  # type: ignore[union-attr]
    queries = transfer["queries"]  # type: ignore[index]
    budgets = [
        ("publishing build incl. indexing and precompression <= 1.25 x baseline ((1 + gz)/2 wall)",
         ratios["1/2 wall incl. precompress"] <= 1.25,
         f"{ratios['1/2 wall incl. precompress']:.2f} (CPU {ratios['1/2 cpu incl. precompress']:.2f}; without precompression {ratios['1/2 wall']:.2f})"),
        ("peer >= 5x slower (3/1 wall >= 5)", ratios.get("3/1 wall", 0) >= 5, f"{ratios.get('3/1 wall', float('nan')):.2f} (CPU {ratios.get('3/1 cpu', float('nan')):.2f})"),
        ("peak memory < 1 GB", p.rss_mb < 1024, f"{p.rss_mb:.0f} MB"),
        ("every page type <= 100 KB transferred on first view", heaviest[1]["bytes"] <= 100 * 1024,  # type: ignore[index]
         f"heaviest {heaviest[0]} {heaviest[1]['bytes'] / 1024:.1f} KB, home {pages['home']['bytes'] / 1024:.1f} KB"),  # type: ignore[index]
        ("first query <= 250 KB transferred", queries[0]["cumulative_bytes"] <= 250 * 1024, f"{queries[0]['cumulative_bytes'] / 1024:.1f} KB"),
        ("five queries <= 600 KB transferred", queries[-1]["cumulative_bytes"] <= 600 * 1024, f"{queries[-1]['cumulative_bytes'] / 1024:.1f} KB"),
    ]
    budgets.append(("precompressed .gz and .br next to every text file", not missing,
                    "all present" if not missing else f"{len(missing)} missing, e.g. {missing[0]}"))
    if "preview" in result:
        edits = result["preview"]["edits"]  # type: ignore[index]
        done = [x for x in edits if x is not None]
        budgets.append(("preview: changed page served <= 2 s", len(done) == len(edits) and max(done) <= 2,
                        f"median {statistics.median(done):.2f} s, max {max(done):.2f} s" if done else "not served"))
    if "linearity" in result:
        lr = result["linearity"]["ratios"]  # type: ignore[index]
        budgets.append(("2N releases: time and output at most x2", lr["time cpu"] <= 2 and lr["output"] <= 2,
                        f"CPU x{lr['time cpu']:.2f}, wall x{lr['time wall']:.2f}, output x{lr['output']:.2f}"))
    if "lighthouse" in result:
        budgets += lighthouse.budgets(result["lighthouse"])  # type: ignore[arg-type]
    print("\nbudgets:")
    for name, ok, value in budgets:
        print(f"  [{'ok' if ok else 'MISSED'}] {name}: {value}")
    result["budgets"] = [{"budget": n, "met": ok, "value": v} for n, ok, v in budgets]
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
