"""Relative links between pages (a pure function). The URLs themselves come from `routes`."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=65536)
def relative_url(page_url: str, target: str) -> str:
    """Link from the page at directory URL `page_url` to site-relative `target` (both without leading /)."""
    # Segment arithmetic, not posixpath.relpath: relpath makes both paths absolute with os.getcwd(),
    # which cost a system call per link (30,000 links at full scale).
    base = [p for p in page_url.split("/") if p]
    to = [p for p in target.rstrip("/").split("/") if p]
    common = 0
    while common < min(len(base), len(to)) and base[common] == to[common]:
        common += 1
    rel = "/".join([".."] * (len(base) - common) + to[common:]) or "."
    if target == "" or target.endswith("/"):
        return "./" if rel == "." else rel + "/"
    return rel


def absolute(site_url: str, url: str) -> str:
    """The absolute URL of site-relative `url`."""
    return site_url.rstrip("/") + "/" + url.lstrip("/")
