"""Page URLs: directory URLs of sources and relative links between pages (pure functions)."""

from __future__ import annotations

from functools import lru_cache


def page_url_of(src_uri: str) -> str:
    """Directory URL of a Markdown source (`use_directory_urls: true`)."""
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


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
