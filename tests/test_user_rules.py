"""One Rules object, compiled once from the built-in files and the user's, reaches parse and strip alike."""
from __future__ import annotations

import pickle

from cleaner.pipeline import clean_document
from cleaner.read import read_bytes
from cleaner.rules import default_rules, load_rules
from cleaner.settings import Settings

PROSE = "The harbour was quiet in the early morning, and the boats rocked on a grey and patient sea. "

TEXT = f"Harbour at dawn\n\n{PROSE * 3}\n\n(Boats at the pier  Bildnachweis: Hans Weber)\n\n{PROSE * 2}\n"

PAGE = (f"<html><body><article><h1>Harbour at dawn</h1><p>{PROSE * 3}</p>"
        "<div class='zzwidgetbox'>Rate this story: five stars, four stars, three stars</div>"
        f"<p>{PROSE * 2}</p></article></body></html>")


def _clean(data: str, name: str, rules_files: tuple[str, ...] = ()):
    settings = Settings(rules=rules_files)
    return clean_document(read_bytes(data.encode(), source=name), settings, load_rules(rules_files))


def test_a_users_caption_credit_marker_takes_effect(tmp_path):
    before = _clean(TEXT, "a.txt")
    assert any("Hans Weber" in b.text for b in before.kept)
    rules = tmp_path / "mine.toml"
    rules.write_text('[caption]\ncredit_markers = ["bildnachweis"]\n', encoding="utf-8")
    after = _clean(TEXT, "a.txt", (str(rules),))
    assert not any("Hans Weber" in b.text for b in after.kept)
    assert any("Boats at the pier" in b.text for b in after.kept)
    assert any(r.reason == "credit:image" and "Hans Weber" in r.text for r in after.removals)


def test_a_users_html_hint_takes_effect(tmp_path):
    before = _clean(PAGE, "a.html")
    assert any("five stars" in b.text for b in before.kept)
    rules = tmp_path / "mine.toml"
    rules.write_text('[html]\nremove_always = ["zzwidgetbox"]\n', encoding="utf-8")
    after = _clean(PAGE, "a.html", (str(rules),))
    assert not any("five stars" in b.text for b in after.kept)
    assert [r.reason for r in after.removals if "five stars" in r.text] == ["html:related"]


def test_rules_are_compiled_once_and_travel_as_data(tmp_path):
    assert load_rules() is default_rules()
    rules = tmp_path / "mine.toml"
    rules.write_text('[html]\nremove_always = ["zzwidgetbox"]\n', encoding="utf-8")
    r = load_rules((str(rules),))
    assert load_rules((str(rules),)) is r
    assert r.lexicon is r.lexicon and r.hints is r.hints
    again = pickle.loads(pickle.dumps(r))       # (to worker processes: the data, compiled there)
    assert "zzwidgetbox" in again.data["html"]["remove_always"] and "lexicon" not in again.__dict__
