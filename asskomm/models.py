"""The schema of municipality records, group records and press-release front matter.

Strict pydantic models: unknown keys are errors (`extra="forbid"`), text is never coerced from numbers
or booleans, and vocabularies are closed. The JSON Schemas in `schemas/` are generated from these.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from .dates import DATETIME_PATTERN, PartialDate, parse_berlin_datetime
from .text import field_text_problem, has_visible_text
from .vocabulary import CATEGORIES, COUNTER_NAMES, FIELDS_OF_ACTION, GROUP_KINDS, MILESTONES

MilestoneKind = Literal[tuple(MILESTONES)]  # type: ignore[valid-type]
FieldOfAction = Literal[tuple(FIELDS_OF_ACTION)]  # type: ignore[valid-type]
Category = Literal[tuple(CATEGORIES)]  # type: ignore[valid-type]
GroupKind = Literal[tuple(GROUP_KINDS)]  # type: ignore[valid-type]
CounterName = Literal[COUNTER_NAMES]  # type: ignore[valid-type]

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"
OLD_URL_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]*-[0-9]+\.html$"  # the old CMS used capitals too (Neuigkeiten-4477.html)
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("darf nicht leer sein")
    if not has_visible_text(value):
        raise ValueError("enthält keinen sichtbaren Text (nur Leer- oder unsichtbare Zeichen)")
    return value.strip()


def _visible_characters(value: object) -> object:
    """Control, bidirectional and zero-width characters are refused, naming the character: they
    are invisible in an editor (a slug with U+200B looks exactly like the right one)."""
    if isinstance(value, str):
        problem = field_text_problem(value)
        if problem:
            raise ValueError(problem)
    return value


Characters = BeforeValidator(_visible_characters)
Text = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_not_blank), Characters]
Url = Annotated[str, Field(pattern=URL_PATTERN, max_length=2000), Characters]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80), Characters]
# The pattern lets any character but "@" and white space through: the address is shown (mailto link).
Email = Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$"), Characters]
Ags = Annotated[
    str,
    BeforeValidator(lambda v: str(v) if isinstance(v, int) and not isinstance(v, bool) else v),
    Field(pattern=r"^14\d{6}$", description="Amtlicher Gemeindeschlüssel, 8 Ziffern, beginnt mit 14"),
]
OldUrl = Annotated[str, Field(pattern=OLD_URL_PATTERN, max_length=300, description="alte Adresse der Form kurzname-1234.html"), Characters]
BerlinDateTime = Annotated[
    datetime,
    BeforeValidator(parse_berlin_datetime),
    WithJsonSchema({"type": "string", "pattern": DATETIME_PATTERN, "description": "JJJJ-MM-TT HH:MM (Berliner Zeit), optional mit Zone"}),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Signatory(Strict):
    name: Text
    role: Text = Field(description="Funktion, z. B. Bürgermeister, Leiter der Polizeidirektion Chemnitz")


class Milestone(Strict):
    type: MilestoneKind  # type: ignore[valid-type]
    date: PartialDate
    source: Url = Field(description="Öffentliche Quelle (Pressemitteilung, Amtsblatt)")
    signatories: list[Signatory] = Field(default_factory=list)
    note: Text | None = None


class KprMember(Strict):
    role: Text = Field(description="z. B. Stadtverwaltung, Polizeirevier, Schulen, Jugendclub")
    organisation: Text | None = None


class Contact(Strict):
    organisation: Text
    person: Text | None = None
    street: Text | None = None
    postal_code: Annotated[str, Field(pattern=r"^0[1-9]\d{3}$|^[1-9]\d{4}$")] | None = None
    city: Text | None = None
    phone: Annotated[str, Field(pattern=r"^[0-9 +()/-]{5,30}$")] | None = None
    email: Email | None = None
    url: Url | None = None


class Kpr(Strict):
    name: Text | None = None
    members: list[KprMember] = Field(default_factory=list)
    contact: Contact | None = None
    note: Text | None = None


class Link(Strict):
    title: Text
    url: Url


class MunicipalityRecord(Strict):
    """`kommunen/<slug>.yml`: one municipality, identified by its AGS."""

    ags: Ags
    name: Text | None = Field(None, description="Anzeigename, nur wenn er vom amtlichen Namen abweicht")
    summary: Text | None = None
    milestones: list[Milestone] = Field(default_factory=list)
    fields_of_action: list[FieldOfAction] = Field(default_factory=list)  # type: ignore[valid-type]
    kpr: Kpr | None = None
    projects: list[Text] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)


class GroupRecord(Strict):
    """`kommunen/gruppen/<slug>.yml`: several municipalities that sign one agreement together."""

    name: Text
    kind: GroupKind  # type: ignore[valid-type]
    members: list[Slug] = Field(min_length=2)
    milestones: list[Milestone] = Field(min_length=1)
    links: list[Link] = Field(default_factory=list)


class Image(Strict):
    src: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._/-]*\.(jpg|jpeg|png|webp)$"), Characters] = Field(
        description="Pfad relativ zu news/, z. B. bilder/2023-oelsnitz.jpg"
    )
    alt: Text = Field(description="Alternativtext: was das Bild zeigt")
    caption: Text | None = None
    credit: Text = Field(description="Bildnachweis, z. B. © Stadt Oelsnitz")


class ReleaseMeta(Strict):
    """Front matter of `news/JJJJ-MM-TT-<slug>.md`."""

    id: Annotated[str, Field(pattern=UUID_PATTERN, description="Dauerhafte ID (UUID), nie ändern"), Characters]
    title: Text
    date: BerlinDateTime
    category: Category  # type: ignore[valid-type]
    summary: Text
    kommunen: list[Slug] = Field(default_factory=list)
    image: Image | None = None
    sources: list[Url] = Field(default_factory=list)
    old_urls: list[OldUrl] = Field(default_factory=list, description="Alte CMS-Adressen, die hierher weiterleiten")
    draft: bool = False


class Funding(Strict):
    """`data/foerderung.yml`: the dated funding volume, the one place this figure is written."""

    volume_eur: Annotated[int, Field(gt=0)]
    year: Annotated[int, Field(ge=2018, le=2100)]
    source: Url


class Redirects(Strict):
    """`data/weiterleitungen.yml`: old CMS addresses of pages that are not press releases."""

    redirects: dict[OldUrl, Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9/_-]*\.md$")]]


class PublishedFigure(Strict):
    """One figure the LPR published: on `date`, `counter` stood at `value` (statewide, or in `kreis`)."""

    date: PartialDate = Field(description="Tag (oder Monat) der Aussage, nicht der Tag, an dem sie gelesen wurde")
    counter: CounterName = Field(description="Name des Zählers der Website, z. B. kooperationsvereinbarungen")
    value: Annotated[int, Field(ge=0, le=5000)]
    source: Url = Field(description="Öffentliche Quelle der Zahl")
    kreis: Slug | None = Field(None, description="Kurzname eines Landkreises (wie in /kreise/<kurzname>/), wenn die Zahl nur für ihn gilt")
    note: Text | None = Field(None, description="Wortlaut oder Lesart der Quelle, kurz")


class PublishedFigures(Strict):
    """`data/lpr-kennzahlen.yml`: the figures the LPR published over time, each with its source."""

    kennzahlen: list[PublishedFigure] = Field(min_length=1)
