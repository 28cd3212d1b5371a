"""Run the shipped nginx configuration against a build, as an ordinary process: its own prefix (config,
pid, logs, temp files in one folder), loopback only, a free port, no root needed.

Used by the tests (tests/test_nginx.py, the browser suite through nginx) and by `./dev prod`. The server
block is `deploy/nginx/asskomm-server.conf` as shipped, with `/srv/asskomm/` replaced by the folder
holding the build (`site/` and `site-deploy/`).
"""

from __future__ import annotations

import argparse
import grp
import sys
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .deploy import deploy_dir_for

REPO = Path(__file__).resolve().parent.parent
SERVER_CONF = REPO / "deploy" / "nginx" / "asskomm-server.conf"
INSTALL_ROOT = "/srv/asskomm/"
NGINX = shutil.which("nginx", path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
INSTALL_HINT = "nginx fehlt: bash .ci/install-test-tools.sh (installiert nginx und libnginx-mod-http-brotli-static)"
#: When started as root, nginx runs as this user (the build must be readable by it).
UNPRIVILEGED_USER = "nobody"


def available() -> str | None:
    """None if nginx with the brotli module can run here, else what is missing (German)."""
    if not Path(NGINX).is_file():
        return INSTALL_HINT
    if not BROTLI_MODULE.is_file():
        return f"{BROTLI_MODULE} fehlt: apt-get install libnginx-mod-http-brotli-static"
    return None


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def server_conf(site_dir: Path) -> str:
    """The shipped server block, pointed at `site_dir` and its `-deploy` folder."""
    site_dir = Path(site_dir).resolve()
    text = SERVER_CONF.read_text(encoding="utf-8")
    text = text.replace(INSTALL_ROOT + "site-deploy/", str(deploy_dir_for(site_dir)) + "/")
    return text.replace(INSTALL_ROOT + "site;", f"{site_dir};")


def main_conf(prefix: Path, site_dir: Path, host: str, port: int) -> str:
    site_dir = Path(site_dir).resolve()
    user = ""
    if os.geteuid() == 0:
        group = grp.getgrgid(pwd.getpwnam(UNPRIVILEGED_USER).pw_gid).gr_name
        user = f"user {UNPRIVILEGED_USER} {group};\n"
    return (
        f"load_module {BROTLI_MODULE};\n"
        f"{user}"
        "worker_processes 1;\n"
        "daemon off;\n"
        f"pid {prefix}/nginx.pid;\n"
        f"error_log {prefix}/error.log warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        f"    access_log {prefix}/access.log;\n"
        f"    client_body_temp_path {prefix}/tmp/body;\n"
        f"    proxy_temp_path {prefix}/tmp/proxy;\n"
        f"    fastcgi_temp_path {prefix}/tmp/fastcgi;\n"
        f"    uwsgi_temp_path {prefix}/tmp/uwsgi;\n"
        f"    scgi_temp_path {prefix}/tmp/scgi;\n"
        "    sendfile on;\n"
        f"    include {deploy_dir_for(site_dir)}/nginx-http.conf;\n"
        "    server {\n"
        f"        listen {host}:{port};\n"
        "        server_name localhost;\n"
        f"        include {prefix}/asskomm-server.conf;\n"
        "    }\n"
        "}\n"
    )


def _readable_by_all(path: Path) -> None:
    """Let nginx's unprivileged workers reach `path`: o+x on the folders above it, o+r inside."""
    for folder in [path, *path.parents]:
        mode = folder.stat().st_mode
        if not mode & 0o001:
            folder.chmod(mode | 0o001)
            print(f"asskomm.nginx: {folder}: o+x, damit nginx (als {UNPRIVILEGED_USER}) die Website lesen kann")
    for root, dirs, files in os.walk(path):
        for name in dirs:
            p = Path(root, name)
            p.chmod(p.stat().st_mode | 0o005)
        for name in files:
            p = Path(root, name)
            p.chmod(p.stat().st_mode | 0o004)


@contextmanager
def serve(site_dir: Path, host: str = "127.0.0.1", port: int | None = None) -> Iterator[str]:
    """Start nginx on `host:port` (a free one by default) for a build made by `asskomm build`; yield its URL."""
    missing = available()
    if missing:
        raise RuntimeError(missing)
    site_dir = Path(site_dir).resolve()
    deploy = deploy_dir_for(site_dir)
    if not (deploy / "nginx-http.conf").is_file():
        raise RuntimeError(f"{deploy}/nginx-http.conf fehlt: die Website mit `asskomm build` bauen")
    port = port or free_port(host)
    prefix = Path(tempfile.mkdtemp(prefix="asskomm-nginx-"))
    try:
        (prefix / "tmp").mkdir()
        (prefix / "asskomm-server.conf").write_text(server_conf(site_dir), encoding="utf-8")
        (prefix / "nginx.conf").write_text(main_conf(prefix, site_dir, host, port), encoding="utf-8")
        if os.geteuid() == 0:
            _readable_by_all(site_dir)
            _readable_by_all(deploy)
        check = subprocess.run([NGINX, "-t", "-q", "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                               capture_output=True, text=True, check=False)
        if check.returncode != 0:
            raise RuntimeError(f"nginx -t: {check.stderr}")
        process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _wait_for(host, port, process)
            yield f"http://{host}:{port}"
        finally:
            process.terminate()
            process.wait(timeout=10)
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


def _wait_for(host: str, port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            with socket.create_connection((host, port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on {host}:{port} within 10 s")


def main(argv: list[str] | None = None) -> int:
    """`./dev prod`: serve a build made by `asskomm build` with the shipped nginx configuration until Ctrl-C."""
    parser = argparse.ArgumentParser(prog="python -m asskomm.nginx", description=main.__doc__)
    parser.add_argument("--site-dir", type=Path, default=REPO / "site")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    args = parser.parse_args(argv)
    try:
        with serve(args.site_dir, args.host, args.port) as url:
            print(f"nginx (wie in Produktion: {SERVER_CONF.relative_to(REPO)}) liefert {args.site_dir} aus: {url}/"
                  " – beenden mit Strg+C", flush=True)
            signal.sigwait({signal.SIGINT, signal.SIGTERM})
    except RuntimeError as exc:
        print(f"asskomm: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    import signal
    import sys

    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    sys.exit(main())
