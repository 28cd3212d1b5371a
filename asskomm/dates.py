"""Dates as editors write them: a day, or only a month where the day is unknown; and Berlin time."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from .text import MONTHS_DE

BERLIN = ZoneInfo("Europe/Berlin")
ALLIANCE_FOUNDED = date(2019, 2, 6)
# Plausible range, checked before any arithmetic (year 1 with +14:00 or year 9999 with -12:00 would
# overflow when converted to Berlin time): every date of the alliance's records and releases.
FIRST_YEAR, LAST_YEAR = 2000, 2099
# UTC offsets that exist on Earth.
MIN_OFFSET_MINUTES, MAX_OFFSET_MINUTES = -12 * 60, 14 * 60


def _check_year(year: int, value: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PydanticCustomError("date_range", "'{value}': Jahr {year} liegt außerhalb des erlaubten Bereichs {first}–{last}",
                                  {"value": value, "year": year, "first": FIRST_YEAR, "last": LAST_YEAR})

_PARTIAL = re.compile(r"^(?P<bound>spätestens\s+)?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PARTIAL_DATE_PATTERN = r"^(spätestens )?\d{4}(-\d{2}(-\d{2})?)?$"
#: The earliest a date known only by its upper bound ("spätestens …") may mean: ASSKomm's prehistory
#: (the concept work of the LPR began in November 2018) is as far back as any milestone goes.
UNBOUNDED_START = date(2018, 1, 1)
_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$"
)
DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?\s*(Z|[+-]\d{2}:?\d{2})?$"


@dataclass(frozen=True)
class PartialDate:
    """`2021-09-01` (day known), `2021-05` (month known), `2022` (year known), or an upper bound only:
    `spätestens 2020-07-15` / `spätestens 2020-11` (a source dated that day or month says it had
    happened, not when). Counters use `latest`, so the site never claims more than is known."""

    year: int
    month: int | None = None
    day: int | None = None
    bound_only: bool = False

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        if not isinstance(value, str):
            raise PydanticCustomError("date_text", "Datum als Text JJJJ-MM-TT oder JJJJ-MM schreiben")
        m = _PARTIAL.match(" ".join(value.split()))
        if not m:
            raise PydanticCustomError(
                "date_format",
                "'{value}' ist kein Datum; erlaubt: JJJJ-MM-TT (z. B. 2023-02-23), JJJJ-MM, JJJJ, "
                "oder „spätestens JJJJ-MM-TT“, wenn nur bekannt ist, bis wann es geschah",
                {"value": value},
            )
        year = int(m[2])
        _check_year(year, value)
        month = int(m[3]) if m[3] else None
        day = int(m[4]) if m[4] else None
        _check_year(year, value)
        bound = bool(m["bound"])
        if bound and month is None:
            raise PydanticCustomError("date_bound", "'{value}': „spätestens“ braucht mindestens einen Monat (JJJJ-MM)", {"value": value})
        try:
            date(year, month or 1, day or 1)
        except ValueError:
            raise PydanticCustomError("date_impossible", "'{value}': dieses Datum gibt es nicht", {"value": value}) from None
        return cls(year, month, day, bound)

    @property
    def earliest(self) -> date:
        if self.bound_only:
            return UNBOUNDED_START
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> date:
        """The last day it may mean: counters use it so the site never claims more than is known."""
        if self.month is None:
            return date(self.year, 12, 31)
        return date(self.year, self.month, self.day or calendar.monthrange(self.year, self.month)[1])

    @property
    def sort_key(self) -> tuple[date, date]:
        # An upper bound ranks at its bound: the order never claims an earlier date than known.
        return (self.latest, self.latest) if self.bound_only else (self.earliest, self.latest)

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key < other.sort_key

    @property
    def precision(self) -> str:
        """"Tag", "Monat", "Jahr" or "spätestens" (open data states it)."""
        if self.bound_only:
            return "spätestens"
        return "Tag" if self.day else "Monat" if self.month else "Jahr"

    @property
    def raw(self) -> str:
        """As written in a record (round trip)."""
        return ("spätestens " if self.bound_only else "") + str(self)

    def __str__(self) -> str:
        """The machine-readable date (an HTML `datetime` value); for an upper bound, the bound."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def german(self) -> str:
        prefix = "spätestens " if self.bound_only else ""
        if self.day:
            return f"{prefix}{self.day}. {MONTHS_DE[self.month - 1]} {self.year}"  # type: ignore[operator]
        if self.month:
            return f"{prefix}{MONTHS_DE[self.month - 1]} {self.year}"
        return f"im Jahr {self.year}"

    def when(self) -> str:
        """For running text: "am 11.04.2025", "im Februar 2024", "im Jahr 2022", "spätestens am 15.07.2020"."""
        if self.day:
            text = f"am {self.day:02d}.{self.month:02d}.{self.year}"
        elif self.month:
            text = f"im {MONTHS_DE[self.month - 1]} {self.year}"
        else:
            text = f"im Jahr {self.year}"
        return ("spätestens " if self.bound_only else "") + text

    def short(self) -> str:
        prefix = "spätestens " if self.bound_only else ""
        if self.day:
            return f"{prefix}{self.day:02d}.{self.month:02d}.{self.year}"
        if self.month:
            return f"{prefix}{self.month:02d}/{self.year}"
        return str(self.year)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.plain_serializer_function_ser_schema(lambda d: d.raw)
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return {"type": "string", "pattern": PARTIAL_DATE_PATTERN, "description": "JJJJ-MM-TT; JJJJ-MM oder JJJJ, wenn Tag oder Monat unbekannt sind; „spätestens JJJJ-MM-TT“, wenn nur eine Obergrenze bekannt ist"}


def parse_berlin_datetime(value: Any) -> datetime:
    """`2023-02-23 10:00` (Berlin), `2023-02-23T09:00:00Z`, `2023-02-23` (midnight Berlin)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=BERLIN)
    if not isinstance(value, str):
        raise PydanticCustomError("datetime_text", "Datum und Uhrzeit als Text schreiben, z. B. 2023-02-23 10:00")
    m = _DATETIME.match(value.strip())
    if not m:
        raise PydanticCustomError(
            "datetime_format",
            "'{value}' ist kein Zeitpunkt; erlaubt: JJJJ-MM-TT HH:MM (Berliner Zeit) oder mit Zone, z. B. 2023-02-23T10:00+01:00",
            {"value": value},
        )
    y, mo, d, hh, mm, ss, zone = m.groups()
    _check_year(int(y), value)
    try:
        naive = datetime.combine(date(int(y), int(mo), int(d)), time(int(hh or 0), int(mm or 0), int(ss or 0)))
    except ValueError:
        raise PydanticCustomError("datetime_impossible", "'{value}': diesen Zeitpunkt gibt es nicht", {"value": value}) from None
    if zone is None:
        return naive.replace(tzinfo=BERLIN)
    if zone == "Z":
        return naive.replace(tzinfo=ZoneInfo("UTC")).astimezone(BERLIN)
    sign = 1 if zone[0] == "+" else -1
    digits = zone[1:].replace(":", "")
    minutes = sign * (int(digits[:2]) * 60 + int(digits[2:]))
    if int(digits[2:]) >= 60 or not MIN_OFFSET_MINUTES <= minutes <= MAX_OFFSET_MINUTES:
        raise PydanticCustomError("datetime_offset", "'{value}': Zeitzone {zone} gibt es nicht; erlaubt: -12:00 bis +14:00",
                                  {"value": value, "zone": zone})
    offset = timezone(timedelta(minutes=minutes))
    return naive.replace(tzinfo=offset).astimezone(BERLIN)
