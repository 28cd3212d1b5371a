"""The friendly check of release bodies: every construct outside the Markdown dialect, with its line.

The check reads a body's conversion by the build itself (`markup.release_body`), so
code spans, fences, escaped backticks, reference links and tags split over lines are seen exactly as
the build sees them, and then looks at the result:

- text (outside code) that looks like an HTML tag or comment: raw HTML is not part of the dialect;
- attribute lists (`{: … }`), footnotes (`[^1]`): not part of the dialect;
- link targets other than https, http, mailto and pages of the site (after decoding entities, as
  a browser does);
- images in the body: a release has one image, in `image:` of its front matter; an image from
  another server would make every visitor's browser contact it;
- control and bidirectional characters (line and column).

Safety does not depend on this check (`sanitize` cleans the output); it tells the press office, in
German, what to write instead, before the build would silently drop it.
"""

from __future__ import annotations

from functools import lru_cache

from . import routes
from .markup import release_body
from .sanitize import link_target_allowed  # noqa: F401  (the URL rule, re-exported for tests and docs)
from .text import text_problems

HTML_MESSAGE = ("„{snippet}“: HTML ist in Pressemitteilungen nicht erlaubt; Markdown verwenden (z. B. **fett**, "
                "[Text](https://…)); ist das Zeichen < gemeint, ein Leerzeichen dahinter setzen oder `als Code` schreiben")
ATTR_MESSAGE = ("„{snippet}“: Attributlisten ({{: … }}) sind nicht erlaubt (sie setzen Stil und Verhalten); "
                "Text ohne sie schreiben")
FOOTNOTE_MESSAGE = "„{snippet}“: Fußnoten sind nicht erlaubt; den Hinweis in Klammern oder als eigenen Absatz schreiben"
LINK_MESSAGE = ("Link-Ziel „{snippet}“ ist nicht erlaubt; erlaubt sind https://, http://, mailto: und Seiten der "
                "Website als Datei relativ zu news/, z. B. (../kommunen/oelsnitz-erzgeb.md)")
IMAGE_MESSAGE = ("Bild „{snippet}“ im Text ist nicht erlaubt (Bilder anderer Server würden jeden Besuch dorthin melden); "
                 "ein Bild je Meldung unter image: in den Kopfdaten angeben, Datei in news/bilder/")


MESSAGES = {"html": HTML_MESSAGE, "attr_list": ATTR_MESSAGE, "footnote": FOOTNOTE_MESSAGE, "link": LINK_MESSAGE,
            "image": IMAGE_MESSAGE}


def _line_of(body: str, snippet: str, after: dict[str, int]) -> int:
    """0-based line of `snippet` in `body` (its next occurrence), or of its first characters."""
    for needle in (snippet, snippet[:12], snippet[:2]):
        if needle:
            index = body.find(needle, after.get(needle, 0))
            if index >= 0:
                after[needle] = index + 1
                return body.count("\n", 0, index)
    return 0


@lru_cache(maxsize=8192)
def check_body(body: str, page_url: str = routes.release("x")) -> tuple[tuple[int, str], ...]:
    """Problems in a release body as (line within body, 0-based, message). A pure function of the
    text, cached: a rebuild under `mkdocs serve` checks only the bodies that changed (issue 7).
    It reads the findings of the build's own conversion (`markup.release_body`, cached), so checking
    costs no second Markdown run and sees exactly what the build converts."""
    found: list[tuple[int, str]] = []
    for line, col, message in text_problems(body, allow_zero_width=True):
        found.append((line - 1, f"Spalte {col}: {message}"))
    if found:
        return tuple(found)  # Markdown of a text with control characters is not worth checking further
    seen: dict[str, int] = {}
    for kind, snippet in release_body(body, page_url).findings:
        found.append((_line_of(body, snippet, seen), MESSAGES[kind].format(snippet=snippet.strip())))
    if not body.strip():
        found.append((0, "Text der Meldung fehlt (nach dem zweiten ---)"))
    return tuple(sorted(found))
