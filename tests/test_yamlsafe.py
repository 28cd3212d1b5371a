"""The strict YAML reader defuses YAML 1.1 surprises and refuses dangerous constructs, naming lines."""

import time

import pytest

from asskomm import yamlsafe


def test_yaml_11_surprises_stay_strings():
    doc = yamlsafe.load("plz: 01067\nflag: no\nzeit: 1:20\ndatum: 2023-02-23\nzahl: 5\nja: true\n")
    assert doc.data == {"plz": "01067", "flag": "no", "zeit": "1:20", "datum": "2023-02-23", "zahl": 5, "ja": True}


def test_lines_are_recorded_for_keys_and_list_items():
    doc = yamlsafe.load("a: 1\nliste:\n  - x: 1\n    y: 2\n")
    assert doc.line_of(("liste", 0, "y")) == 4
    assert doc.line_of(("liste", 0, "unknown")) == 3  # falls back to the nearest known node


@pytest.mark.parametrize(
    "text, line, fragment",
    [
        ("a: 1\nb: 2\na: 3\n", 3, "doppelt (zuerst in Zeile 1)"),
        ("a: &x 1\nb: *x\n", 1, "Anker"),
        ("a: [1]\nb: *x\n", 2, "Aliase"),
        ("a: !!python/object:os.system ls\n", 1, "nicht erlaubt"),
        ("a:\n\tb: 1\n", 2, "Tabulatoren"),
        ("a: [1, 2\n", 2, "Syntaxfehler"),
        ("<<: {a: 1}\n", 1, "Merge"),
    ],
)
def test_refusals_name_the_line(text, line, fragment):
    with pytest.raises(yamlsafe.YamlProblem) as exc:
        yamlsafe.load(text)
    assert exc.value.line == line
    assert fragment in exc.value.message


def test_bom_and_crlf_are_accepted():
    assert yamlsafe.load("\ufeffa: 1\r\nb: x\r\n").data == {"a": 1, "b": "x"}


def test_nfd_text_is_normalised_to_nfc():
    assert yamlsafe.load("name: Zwo\u0308nitz\n").data["name"] == "Zw\u00f6nitz"


def test_huge_and_deep_input_is_refused_quickly():
    # CPU time of this process, not wall time: on a shared CI machine the wall clock measures the load.
    start = time.process_time()
    for text in ("[" * 100_000, "a: " + "x" * (yamlsafe.MAX_BYTES + 1), "- " * 50 + "1\n"):
        with pytest.raises(yamlsafe.YamlProblem):
            yamlsafe.load(text)
    assert time.process_time() - start < 5
