"""Counters and ordinals follow from dated milestones, as of any day."""

from datetime import date

import pytest

from asskomm.corpus import load_corpus
from asskomm.counters import count, ordinals, stage
from conftest import base_records, write


def corpus(tmp_path):
    base_records(tmp_path)
    return load_corpus(tmp_path)


def test_counts_as_of_dates(tmp_path):
    ks = list(corpus(tmp_path).kommunen.values())
    before = count(ks, date(2021, 5, 30))
    assert before.beraten == 0  # "2021-05" is only known once May is over
    assert count(ks, date(2021, 5, 31)).beraten == 1
    end_2021 = count(ks, date(2021, 12, 31))
    assert (end_2021.beraten, end_2021.vorvereinbarungen, end_2021.kooperationsvereinbarungen) == (3, 1, 2)
    now = count(ks, date(2026, 11, 25))
    assert now.kooperationsvereinbarungen == 4
    assert now.sicherheitsanalysen == 1  # Bannewitz, completed 08/2024
    assert now.zusammenarbeit == 4
    during = count(ks, date(2024, 5, 1))
    assert during.sicherheitsanalysen == 0 and during.zusammenarbeit == 4


def test_running_coachings(tmp_path):
    write(tmp_path / "kommunen/amtsberg.yml", """
        ags: "14521010"
        milestones:
          - {type: coaching-start, date: 2022-01-10, source: "https://example.org/a"}
          - {type: coaching-ende, date: 2023-06-30, source: "https://example.org/a"}
        """)
    ks = list(load_corpus(tmp_path).kommunen.values())
    assert [count(ks, d).coachings for d in (date(2022, 1, 9), date(2022, 1, 10), date(2023, 6, 29), date(2023, 6, 30))] == [0, 1, 1, 0]
    assert count(ks, date(2023, 7, 1)).zusammenarbeit == 1  # a finished coaching still counts as cooperation


def test_ordinals_share_a_rank_on_one_date_and_count_municipalities(tmp_path):
    c = corpus(tmp_path)
    o = ordinals(c.kommunen.values(), date(2026, 11, 25))
    assert (o["aue-bad-schlema"].state, o["loessnitz"].state) == (1, 1)
    assert o["oelsnitz-erzgeb"].state == 3 and o["oelsnitz-erzgeb"].district == 3
    assert o["bannewitz"].state == 4 and o["bannewitz"].district == 1


def test_an_earlier_agreement_shifts_later_ordinals(tmp_path):
    c = corpus(tmp_path)
    before = ordinals(c.kommunen.values(), date(2026, 11, 25))
    write(tmp_path / "kommunen/zwoenitz.yml", """
        ags: "14521710"
        milestones: [{type: kooperationsvereinbarung, date: 2021-06-01, source: "https://example.org/z"}]
        """)
    after = ordinals(load_corpus(tmp_path).kommunen.values(), date(2026, 11, 25))
    assert after["zwoenitz"].state == 1
    for slug in before:
        assert after[slug].state == before[slug].state + 1
    assert after["oelsnitz-erzgeb"].district == before["oelsnitz-erzgeb"].district + 1
    assert after["bannewitz"].district == before["bannewitz"].district  # another Kreis


def test_stage_is_the_furthest_reached(tmp_path):
    k = corpus(tmp_path).kommunen["oelsnitz-erzgeb"]
    assert [stage(k, d) for d in (date(2021, 1, 1), date(2021, 6, 1), date(2022, 1, 1), date(2023, 2, 23))] == [
        None, "kontakt", "vorvereinbarung", "kooperationsvereinbarung"]


def test_the_readme_table_of_counters_is_the_registry() -> None:
    from pathlib import Path

    from asskomm.counters import readme_table

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert readme_table() in readme, "README.md: Tabelle der Zähler aus asskomm.counters.readme_table() übernehmen"


def test_counts_follow_the_registry() -> None:
    from asskomm.counters import COUNTERS, Counts

    counts = Counts(tuple(range(len(COUNTERS))))
    assert [key for key, _, _ in counts.items()] == [c.key for c in COUNTERS]
    assert counts.kpr == counts["kpr"] == [c.key for c in COUNTERS].index("kpr")
    with pytest.raises(AttributeError):
        _ = counts.unbekannt


def test_the_schema_knows_exactly_the_registered_counters() -> None:
    """`vocabulary.COUNTER_NAMES` (the closed vocabulary of data/lpr-kennzahlen.yml, which cannot import
    the counters) names the counters of the registry, no more, no fewer."""
    from asskomm.counters import COUNTERS
    from asskomm.vocabulary import COUNTER_NAMES

    assert set(COUNTER_NAMES) == {c.key for c in COUNTERS}
