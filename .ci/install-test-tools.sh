#!/usr/bin/env bash
# Install the tools the browser tests need, on a fresh Debian 12 machine as root.
# Idempotent and non-interactive; prints nothing unless something fails.
#   - Debian's chromium (Playwright launches /usr/bin/chromium; it never downloads a browser)
#   - a Java runtime for the Nu Html Checker, only if `java` is missing
#   - Debian's nginx with the brotli_static module (the tests serve the build as production does)
#   - axe-core and vnu-jar from package-lock.json (npm ci)
#   (playwright comes from requirements/lock.txt, installed by ./dev)
# Usage: bash .ci/install-test-tools.sh   (with the project's venv activated, or PYTHON=...)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# Run a step quietly; on failure show its output and stop.
quiet() {
    if ! "$@" >"$log" 2>&1; then
        echo "install-test-tools: failed: $*" >&2
        cat "$log" >&2
        exit 1
    fi
}

export DEBIAN_FRONTEND=noninteractive
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
command -v java >/dev/null 2>&1 || packages+=(default-jre-headless)
[ -x /usr/sbin/nginx ] || packages+=(nginx)
[ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || packages+=(libnginx-mod-http-brotli-static)
if [ "${#packages[@]}" -gt 0 ]; then
    quiet apt-get update
    quiet apt-get install -y --no-install-recommends "${packages[@]}" fonts-dejavu-core
fi

# npm ci deletes and re-creates node_modules; skip it when every package in the lock file
# is already installed at its locked version.
lock_matches() {
    node -e '
        const fs = require("fs"), path = require("path");
        const root = process.argv[1];
        const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8"));
        for (const [p, meta] of Object.entries(lock.packages)) {
            if (!p) continue;
            const f = path.join(root, p, "package.json");
            if (!fs.existsSync(f) || JSON.parse(fs.readFileSync(f, "utf8")).version !== meta.version) process.exit(1);
        }' "$repo" 2>/dev/null \
    && [ -f "$repo/node_modules/axe-core/axe.min.js" ] \
    && [ -f "$repo/node_modules/vnu-jar/build/dist/vnu.jar" ]
}
if ! lock_matches; then
    quiet npm ci --prefix "$repo" --no-audit --no-fund --loglevel=error
fi

# Playwright itself is pinned with hashes in requirements/lock.txt and installed by ./dev;
# no browser is ever downloaded (we launch /usr/bin/chromium).
