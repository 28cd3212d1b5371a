"""The press office's commands: check, scaffolding, schemas, the id register and atomic builds."""

import json
import subprocess
import sys

import pytest

from asskomm import cli
from asskomm.corpus import load_corpus
from conftest import REPO, SHIPPED_NOW, fixed_clock_env, make_site, release, write


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = make_site(tmp_path / "src")
    monkeypatch.chdir(root)
    monkeypatch.setenv("ASSKOMM_NOW", "2026-11-25 12:00")
    return root


def test_check_reports_every_problem_without_traceback(project, capsys):
    assert cli.main(["check"]) == 0
    write(project / "kommunen/kaputt.yml", "ags: 14521010\nags: 14521020\n")
    write(project / "docs/x.md", "{{ zahl:unbekannt }}\n")
    release(project, "2023-03-01-link.md", id="cccccccc-3333-4333-8333-cccccccccccc", title="Link", date="2023-03-01 10:00",
            body="Siehe [Oelsnitz](../kommunen/oelsnitz.md) und [falsch](../kommunen/bannewitz/).\n")
    assert cli.main(["check"]) == 1
    err = capsys.readouterr().err
    assert "kommunen/kaputt.yml:2: Schlüssel 'ags' steht doppelt (zuerst in Zeile 1); einen entfernen" in err
    assert "Traceback" not in err
    # Link and marker problems are found once the records load.
    (project / "kommunen/kaputt.yml").unlink()
    assert cli.main(["check"]) == 1
    err = capsys.readouterr().err
    assert "news/2023-03-01-link.md:10: Text: Link „../kommunen/oelsnitz.md“ führt zu keiner Seite (meinten Sie „kommunen/oelsnitz-erzgeb.md“?)" in err
    assert "news/2023-03-01-link.md:10: Text: Link „../kommunen/bannewitz/“: Seiten der Website als Datei verlinken" in err
    assert "docs/x.md:1: unbekannter Platzhalter {{ zahl:unbekannt }}" in err


def test_new_release_is_valid_with_a_fresh_id_and_the_right_name(project, capsys):
    assert cli.main(["neue-meldung", "Görlitz unterzeichnet", "--datum", "2026-11-25 09:30", "--kommune", "bannewitz"]) == 0
    assert cli.main(["neue-meldung", "Zweite Meldung", "--datum", "2026-11-25 10:00"]) == 0
    corpus = load_corpus(project)
    new = {r.slug: r for r in corpus.releases}
    first, second = new["2026-11-25-goerlitz-unterzeichnet"], new["2026-11-25-zweite-meldung"]
    assert first.meta.draft is True and first.meta.title == "Görlitz unterzeichnet"
    assert [k.slug for k in first.kommunen] == ["bannewitz"]
    assert first.meta.id != second.meta.id


def test_new_kommune_is_prefilled_from_the_reference(project):
    assert cli.main(["neue-kommune", "14521710"]) == 0
    corpus = load_corpus(project)
    k = corpus.kommunen["zwoenitz"]
    assert (k.name, k.district.name, len(k.record.milestones)) == ("Zwönitz", "Erzgebirgskreis", 1)
    assert cli.main(["neue-kommune", "99999999"]) == 1


def test_committed_schemas_match_the_models():
    for name, text in cli.render_schemas().items():
        committed = (REPO / "schemas" / name).read_text(encoding="utf-8")
        assert committed == text, f"schemas/{name} ist veraltet: „asskomm schemas“ ausführen"
    assert json.loads(cli.render_schemas()["kommune.schema.json"])["additionalProperties"] is False


def test_a_changed_id_of_a_published_release_is_caught(project, capsys):
    assert cli.main(["register"]) == 0
    path = project / "news/2023-02-23-oelsnitz-kooperationsvereinbarung.md"
    path.write_text(path.read_text().replace("5b0f1c1e-8f3a-4a7e-9c55-1d2e3f405162", "5b0f1c1e-8f3a-4a7e-9c55-000000000000"))
    assert cli.main(["check"]) == 1
    assert "news/2023-02-23-oelsnitz-kooperationsvereinbarung.md:2: id: die ID wurde nach der Veröffentlichung geändert" in capsys.readouterr().err


def test_failed_build_leaves_the_previous_site_untouched(project):
    site = project / "public"
    assert cli.atomic_build(project, site, []) == 0
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    write(project / "docs/kaputt.md", "[Link](nirgendwo.md)\n")  # a strict-mode warning, raised late in the build
    assert cli.atomic_build(project, site, []) == 1
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not any(p.name.startswith(".public-") for p in project.iterdir())


def test_the_shipped_content_passes_the_check():
    result = subprocess.run([sys.executable, "-m", "asskomm.cli", "check"], cwd=REPO, env=fixed_clock_env(SHIPPED_NOW),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_new_release_from_the_series_template(project, capsys):
    import shutil

    shutil.copytree(REPO / "news/_vorlagen", project / "news/_vorlagen")
    assert cli.main(["neue-meldung", "ASSKomm des Monats November 2026: Bannewitz", "--datum", "2026-11-25 10:00",
                     "--vorlage", "asskomm-des-monats", "--kommune", "bannewitz"]) == 0
    path = project / "news/2026-11-25-asskomm-des-monats-november-2026-bannewitz.md"
    text = path.read_text(encoding="utf-8")
    assert "VORLAGE" not in text and "NEUE-UUID" not in text and "## Wie sind Ihre Erfahrungen mit ASSKomm?" in text and "## Wer sind Sie" not in text
    # What is left to fill in is exactly what the check reports: the photo.
    from asskomm.problems import InputError

    with pytest.raises(InputError) as exc:
        load_corpus(project)
    assert [p.field for p in exc.value.problems.items] == ["image.src"]
    assert cli.main(["neue-meldung", "X", "--vorlage", "gibtsnicht"]) == 1
    assert "vorhanden: asskomm-des-monats" in capsys.readouterr().err
