"""Loading records and releases: groups count for each member, and every mistake names file, line, field."""

from pathlib import Path

import pytest

from asskomm.corpus import load_corpus
from asskomm.problems import InputError
from conftest import OELSNITZ_ID, base_records, base_releases, release, write


def load(root: Path):
    return load_corpus(root)


def problems_of(root: Path) -> list[str]:
    with pytest.raises(InputError) as exc:
        load_corpus(root)
    return [str(p) for p in exc.value.problems.items]


def test_records_take_name_district_and_police_from_the_reference(tmp_path):
    base_records(tmp_path)
    corpus = load(tmp_path)
    k = corpus.kommunen["oelsnitz-erzgeb"]
    assert (k.name, k.district.name, k.police.name) == ("Oelsnitz/Erzgeb.", "Erzgebirgskreis", "Chemnitz")


def test_a_group_milestone_applies_to_every_member_once(tmp_path):
    base_records(tmp_path)
    corpus = load(tmp_path)
    for slug in ("aue-bad-schlema", "loessnitz"):
        events = corpus.kommunen[slug].events
        assert [(e.kind, str(e.date), e.group.name) for e in events] == [
            ("kooperationsvereinbarung", "2021-12-17", "Städtebund Silberberg")]


def test_release_date_is_berlin_time_and_links_municipalities(tmp_path):
    base_records(tmp_path)
    base_releases(tmp_path)
    (r,) = load(tmp_path).releases
    assert r.date.isoformat() == "2023-02-23T10:00:00+01:00"
    assert [k.slug for k in r.kommunen] == ["oelsnitz-erzgeb"]


def test_all_problems_are_reported_together_with_file_line_and_field(tmp_path):
    base_records(tmp_path)
    write(tmp_path / "kommunen/zwoenitz.yml", """
        ags: "14521710"
        milestone:
          - type: kontakt
        """)
    write(tmp_path / "kommunen/bad-date.yml", """
        ags: "14521010"
        milestones:
          - type: kooperationsvertrag
            date: 2021-02-31
            source: www.example.org
        fields_of_action: [graffitti]
        """)
    release(tmp_path, "2023-03-01-x.md", id=OELSNITZ_ID, title="X", date="2023-03-01 10:00", kommunen="[oelsnitz]")
    found = problems_of(tmp_path)
    assert any(
        p.startswith("kommunen/zwoenitz.yml:2: milestone: unbekanntes Feld (meinten Sie „milestones“?)") for p in found)
    assert any(p.startswith("kommunen/bad-date.yml:3: milestones[1].type: „kooperationsvertrag“ ist nicht erlaubt (meinten Sie „kooperationsvereinbarung“?)") for p in found)
    assert "kommunen/bad-date.yml:4: milestones[1].date: '2021-02-31': dieses Datum gibt es nicht" in found
    assert any(p.startswith("kommunen/bad-date.yml:5: milestones[1].source: „www.example.org“ hat nicht die erlaubte Form") for p in found)
    assert any(p.startswith("kommunen/bad-date.yml:6: fields_of_action[1]: „graffitti“ ist nicht erlaubt (meinten Sie „graffiti“?)") for p in found)
    assert any(p.startswith("news/2023-03-01-x.md:7: kommunen[1]: keine Kommune „oelsnitz“ (meinten Sie „oelsnitz-erzgeb“?)") for p in found)


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("dresden.yml", 'ags: "09162000"\n', "dresden.yml:1: ags: „09162000“ hat nicht die erlaubte Form"),
        ("nowhere.yml", 'ags: "14999999"\n', "nowhere.yml:1: ags: 14999999 ist keine sächsische Gemeinde"),
        ("Oelsnitz.yml", 'ags: "14521020"\n', "Oelsnitz.yml: Dateiname: „Oelsnitz.yml“: nur Kleinbuchstaben"),
        ("zweimal.yml", 'ags: "14521450"\n', "zweimal.yml:1: ags: 14521450 (Oelsnitz/Erzgeb.) hat schon einen Datensatz"),
        ("ostrau.yml", 'ags: "14522450"\n', "ostrau.yml:1: ags: 14522450 gehört zu einer aufgelösten Gemeinde; heute 14522275 (Jahnatal)"),
        ("typ.yml", 'ags: "14521020"\nprojects: [5]\n', "typ.yml:2: projects[1]: muss Text sein"),
        ("bool.yml", 'ags: "14521020"\nname: no\n', None),
    ],
)
def test_record_mistakes(tmp_path, name, content, expected):
    base_records(tmp_path)
    write(tmp_path / "kommunen" / name, content)
    if expected is None:  # `no` stays the text "no": no YAML boolean surprise
        assert load(tmp_path).kommunen[name[:-4]].name == "no"
        return
    assert any(p.startswith("kommunen/" + expected) for p in problems_of(tmp_path)), problems_of(tmp_path)


def test_span_end_before_start_and_agreement_before_founding(tmp_path):
    write(tmp_path / "kommunen/amtsberg.yml", """
        ags: "14521010"
        milestones:
          - {type: coaching-start, date: 2022-05, source: "https://example.org/a"}
          - {type: coaching-ende, date: 2022-01, source: "https://example.org/a"}
          - {type: kooperationsvereinbarung, date: 2018-12-01, source: "https://example.org/a"}
        """)
    found = problems_of(tmp_path)
    assert any("coaching-ende am 01/2022 liegt vor jedem coaching-start" in p for p in found)
    assert any("liegt vor der Gründung der Allianz (06.02.2019)" in p for p in found)


def test_group_member_without_record(tmp_path):
    base_records(tmp_path)
    write(tmp_path / "kommunen/gruppen/vg.yml", """
        name: VG
        kind: verwaltungsgemeinschaft
        members: [loessnitz, oybin]
        milestones: [{type: kooperationsvereinbarung, date: 2022-01-14, source: "https://example.org/"}]
        """)
    assert any(p.startswith("kommunen/gruppen/vg.yml:3: members[2]: keine Kommune „oybin“") for p in problems_of(tmp_path))


def test_release_mistakes(tmp_path):
    base_records(tmp_path)
    base_releases(tmp_path)
    release(tmp_path, "2023-03-02-doppelt.md", id=OELSNITZ_ID, title="Doppelt", date="2023-03-02 10:00")
    release(tmp_path, "2023-03-03-datum.md", id="11111111-1111-4111-8111-111111111111", title="Datum", date="2023-03-04 10:00")
    release(tmp_path, "2023-03-05-html.md", id="22222222-2222-4222-8222-222222222222", title="HTML",
            date="2023-03-05 10:00", body="Hallo <script>alert(1)</script>\n\n[x](javascript:alert(1))\n")
    write(tmp_path / "news/Falsch benannt.md", "x")
    found = problems_of(tmp_path)
    assert any(p.startswith("news/2023-03-02-doppelt.md:2: id: ID ist schon vergeben") for p in found)
    assert any(p.startswith("news/2023-03-03-datum.md:4: date: Datum 2023-03-04 passt nicht zum Dateinamen") for p in found)
    assert any(p.startswith("news/2023-03-05-html.md:10: Text: „<script>“: HTML ist in Pressemitteilungen nicht erlaubt") for p in found)
    assert any(p.startswith("news/2023-03-05-html.md:12: Text: Link-Ziel „javascript:alert(1)“ ist nicht erlaubt") for p in found)
    assert any(p.startswith("news/Falsch benannt.md: Dateiname:") for p in found)
