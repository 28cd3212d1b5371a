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

_PARTIAL = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
PARTIAL_DATE_PATTERN = r"^\d{4}-\d{2}(-\d{2})?$"
_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$"
)
DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?\s*(Z|[+-]\d{2}:?\d{2})?$"


@dataclass(frozen=True, order=True)
class PartialDate:
    """`2021-05` (month known) or `2021-09-01` (day known)."""

    year: int
    month: int
    day: int | None = None

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        if not isinstance(value, str):
            raise PydanticCustomError("date_text", "Datum als Text JJJJ-MM-TT oder JJJJ-MM schreiben")
        m = _PARTIAL.match(value.strip())
        if not m:
            raise PydanticCustomError(
                "date_format", "'{value}' ist kein Datum; erlaubt: JJJJ-MM-TT (z. B. 2023-02-23) oder JJJJ-MM", {"value": value}
            )
        year, month, day = int(m[1]), int(m[2]), int(m[3]) if m[3] else None
        _check_year(year, value)
        try:
            date(year, month, day or 1)
        except ValueError:
            raise PydanticCustomError("date_impossible", "'{value}': dieses Datum gibt es nicht", {"value": value}) from None
        return cls(year, month, day)

    @property
    def earliest(self) -> date:
        return date(self.year, self.month, self.day or 1)

    @property
    def latest(self) -> date:
        """The last day it may mean: counters use it so the site never claims more than is known."""
        return date(self.year, self.month, self.day or calendar.monthrange(self.year, self.month)[1])

    @property
    def sort_key(self) -> tuple[date, date]:
        return (self.earliest, self.latest)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")

    def german(self) -> str:
        if self.day:
            return f"{self.day}. {MONTHS_DE[self.month - 1]} {self.year}"
        return f"{MONTHS_DE[self.month - 1]} {self.year}"

    def short(self) -> str:
        return f"{self.day:02d}.{self.month:02d}.{self.year}" if self.day else f"{self.month:02d}/{self.year}"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
        return {"type": "string", "pattern": PARTIAL_DATE_PATTERN, "description": "JJJJ-MM-TT, oder JJJJ-MM wenn der Tag unbekannt ist"}


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
