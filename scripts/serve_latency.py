"""Issue 7: how long after editing one release does `mkdocs serve` serve the changed page?

Starts `mkdocs serve` on 127.0.0.1 in a full-scale corpus (scripts/fullscale.py), waits for the first
build, then appends a unique sentence to one release file and polls that page until the sentence is
served. Repeats, restores the file, and always stops the server (its whole process group).

    PYTHONPATH=. python scripts/serve_latency.py                     # generates /tmp/asskomm-serve
    PYTHONPATH=. python scripts/serve_latency.py --root /tmp/asskomm-bench/project --repeat 3
    PYTHONPATH=. python scripts/serve_latency.py --dirty     # as `./dev serve` runs it
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

import fullscale


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_for(url: str, needle: str | None, timeout: float, proc: subprocess.Popen) -> float | None:
    """Seconds until `url` serves a page (containing `needle`), or None after `timeout`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"mkdocs serve stopped (exit {proc.returncode})")
        body = fetch(url)
        if body is not None and (needle is None or needle in body):
            return time.perf_counter() - start
        time.sleep(0.05)
    return None


def measure_preview(root: Path, repeat: int = 3, dirty: bool = True, timeout: float = 300.0,
                    log=print) -> tuple[float, list[float | None]]:
    """Serve `root`, edit its newest release `repeat` times; (first build, seconds per edit or None)."""
    release = sorted((root / "news").glob("*.md"))[-1]
    url_path = f"aktuelles/{release.stem}/"
    port = free_port()
    url = f"http://127.0.0.1:{port}/{url_path}"
    env = {**os.environ, "ASSKOMM_NOW": fullscale.NOW, "NO_MKDOCS_2_WARNING": "true",
           "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    original = release.read_bytes()
    server_log = open(root / "serve.log", "wb")  # noqa: SIM115 - open while the server runs; closed below
    # `./dev serve` runs `mkdocs serve --no-strict --dirty`; without --dirty MkDocs renders every page.
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "--no-strict"]
                            + (["--dirty"] if dirty else []),
                            cwd=root, env=env, stdout=server_log, stderr=subprocess.STDOUT, start_new_session=True)
    latencies: list[float | None] = []
    try:
        first = wait_for(url, None, timeout, proc)
        if first is None:
            raise SystemExit(f"first build not served within {timeout:.0f} s")
        log(f"first build served after {first:.1f} s ({url})")
        time.sleep(2)  # let the watcher settle
        for i in range(repeat):
            token = f"Geaendert-{i}-{time.time_ns()}"
            release.write_bytes(original + f"\nNachtrag {token}.\n".encode())
            seconds = wait_for(url, token, timeout, proc)
            latencies.append(seconds)
            log(f"edit {i + 1}: " + (f"served after {seconds:.2f} s" if seconds is not None else f"not served within {timeout:.0f} s"))
            time.sleep(2)
    finally:
        release.write_bytes(original)
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        server_log.close()
    return first, latencies


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, help="an existing full-scale input (default: generate one)")
    ap.add_argument("--releases", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dirty", action="store_true", help="`mkdocs serve --dirty`, as `./dev serve` runs it")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for one change (and for the first build)")
    args = ap.parse_args(argv)
    root = args.root or fullscale.generate(Path("/tmp/asskomm-serve"), args.releases)
    _, latencies = measure_preview(root, args.repeat, args.dirty, args.timeout, log=lambda m: print(m, flush=True))
    measured = [x for x in latencies if x is not None]
    if measured:
        verdict = "ok" if max(measured) <= 2 and len(measured) == len(latencies) else "MISSED"
        print(f"median {statistics.median(measured):.2f} s, max {max(measured):.2f} s -> [{verdict}] budget 2 s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
