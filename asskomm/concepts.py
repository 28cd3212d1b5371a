"""Stages and map layers, each defined once (issue 13). The counters are in `counters.COUNTERS`.

Profiles, tables, the A–Z list, the map (fills, legend, toggles, patterns) and its stylesheet all
read these tuples; nothing else names a stage or a layer with a label or a colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from .vocabulary import MILESTONES


@dataclass(frozen=True)
class Stage:
    """How far a municipality got: the furthest of its milestones that mark a stage."""

    key: str
    status: str  # status text in profiles, tables, the A–Z list and map tooltips
    legend: str  # the map legend's name for the fill
    fill: str  # map fill: at least 3:1 against white, lighter for earlier stages (WCAG 1.4.11, tested)


# Furthest first. Any other milestone implies advice (kontakt).
STAGES: tuple[Stage, ...] = (
    Stage("kooperationsvereinbarung", "ASSKomm-Kommune (Kooperationsvereinbarung)", MILESTONES["kooperationsvereinbarung"], "#0b3a66"),
    Stage("vorvereinbarung", "Vorvereinbarung", MILESTONES["vorvereinbarung"], "#2a6099"),
    Stage("kontakt", "beraten", MILESTONES["kontakt"], "#4f86bd"),
)
# Every municipality without a recorded milestone. The records come from public sources and are
# incomplete, so the site says what it knows, never that a municipality is not a member (issue 14).
NO_STAGE = Stage("none", "keine Angaben erfasst", "keine Angaben erfasst", "#e8ecf0")
STAGE_BY_KEY: dict[str, Stage] = {s.key: s for s in (*STAGES, NO_STAGE)}


@dataclass(frozen=True)
class Layer:
    """A map layer: the municipalities a counter counts today, hatched over their stage fill."""

    key: str  # `layer-<key>` in the SVG and the stylesheet
    counter: str  # key of `counters.COUNTERS`: the layer's rule and its count
    label: str  # toggle label
    pattern: int  # index of the hatch pattern; fixed, so a new layer never changes an old one's look


# In the order of the toggles on the map page.
LAYERS: tuple[Layer, ...] = (
    Layer("kontakt", "beraten", "kontaktiert / beraten", 4),
    Layer("modellkommune", "modellkommunen", "Modellkommune", 0),
    Layer("kooperationsvereinbarung", "kooperationsvereinbarungen", "Kooperationsvereinbarung", 5),
    Layer("coaching", "coachings", "Coaching (laufend)", 1),
    Layer("sicherheitsanalyse", "sicherheitsanalysen", "Sicherheitsanalyse (erstellt)", 2),
    Layer("kpr", "kpr", "Kommunaler Präventionsrat (KPR)", 3),
)
LAYERS_BY_PATTERN: tuple[Layer, ...] = tuple(sorted(LAYERS, key=lambda layer: layer.pattern))
