"""The one place that says which pages the browser tests visit.

Page types are discovered from the built site: every path below that exists in the
build is tested.  While the generator pipeline is incomplete, a path that the build does
not contain yet is reported as *skipped*.  Set ``REQUIRED_PAGES = True`` once the
pipeline produces all of them: a missing page then fails the suite.
"""

from __future__ import annotations

#: The single switch: False = a missing page is skipped, True = it fails.
REQUIRED_PAGES = True

#: Legal and service pages that every page links to from its footer.
MANDATORY_PAGES = [
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/kontakt/",
    "/leichte-sprache/",
    "/gebaerdensprache/",
]

#: One page of each page type the generator makes, plus the mandatory pages.
PAGES = [
    "/",
    "/kommunen/",
    "/kommunen/oelsnitz-erzgeb/",
    "/kommunen/meilenstein/kooperationsvereinbarung/",
    "/kreise/",
    "/kreise/erzgebirgskreis/",
    "/polizeidirektionen/",
    "/polizeidirektionen/chemnitz/",
    "/aktuelles/",
    "/aktuelles/archiv/",
    "/aktuelles/archiv/2023/",
    "/aktuelles/kategorie/unterzeichnung/",
    "/aktuelles/2023-02-23-oelsnitz-kooperationsvereinbarung/",
    "/standorte/",
    "/gemeinden/",
    "/zahlen/",
    "/daten/",
    "/veranstaltungen/",
    "/veranstaltungen/2025-09-11-asskomm-fachtag/",
    "/veranstaltungen/art/fachtag/",
    "/veranstaltungen/kreis/vogtlandkreis/",
    "/veranstaltungen/archiv/2022/",
    "/ueber-asskomm/",
    "/bausteine/",
    "/foerderung/",
    "/mitmachen/",
    *MANDATORY_PAGES,
    "/404.html",
]

#: Material's search: typing QUERY must offer a result that links to TARGET.
SEARCH_QUERY = "Oelsnitz"
SEARCH_TARGET = "/kommunen/oelsnitz-erzgeb/"

#: More searches as citizens type them: umlauts, ß and their spelled-out forms, the release.
SEARCHES = [
    ("Oelsnitz", "/aktuelles/2023-02-23-oelsnitz-kooperationsvereinbarung/"),
    ("Lößnitz", "/kommunen/loessnitz/"),
    ("Loessnitz", "/kommunen/loessnitz/"),
    ("Großschirma", "/gemeinden/"),
    ("Grossschirma", "/gemeinden/"),
]

#: Keyboard-only reachability: on PAGE, pressing Tab (at most MAX_TABS times) must
#: focus a link to TARGET, and Enter must open it.
KEYBOARD_PATHS = [
    ("/", "/barrierefreiheit/"),
    ("/", "/leichte-sprache/"),
    ("/", "/aktuelles/"),
    ("/kommunen/", "/kommunen/oelsnitz-erzgeb/"),
    ("/veranstaltungen/", "/veranstaltungen/kreis/vogtlandkreis/"),
    ("/veranstaltungen/", "/veranstaltungen/archiv/2025/"),
    ("/veranstaltungen/archiv/2025/", "/veranstaltungen/2025-09-11-asskomm-fachtag/"),
]
MAX_TABS = 250

#: Viewport widths that must not scroll horizontally (WCAG 1.4.10 Reflow: 320 CSS px).
REFLOW_WIDTHS = [320, 1280]

#: Screenshot viewports written to test-artifacts/screenshots/.
SCREENSHOT_VIEWPORTS = {"phone": (375, 812), "desktop": (1280, 900)}
