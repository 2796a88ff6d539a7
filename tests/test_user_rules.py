"""One Rules object, compiled once from the built-in files and the user's, reaches parse and strip alike."""
from __future__ import annotations

import pickle

import pytest

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


@pytest.mark.parametrize("data, name, rule_file, junk, reason", [
    # a caption credit marker of the user's (the caption stays, its credit goes)
    (TEXT, "a.txt", '[caption]\ncredit_markers = ["bildnachweis"]\n', "Hans Weber", "credit:image"),
    # an HTML class hint of the user's (the box goes as a share/related box)
    (PAGE, "a.html", '[html]\nremove_always = ["zzwidgetbox"]\n', "five stars", "html:related"),
])
def test_a_users_rule_file_reaches_parse_and_strip(tmp_path, data, name, rule_file, junk, reason):
    before = _clean(data, name)
    assert any(junk in b.text for b in before.kept)
    rules = tmp_path / "mine.toml"
    rules.write_text(rule_file, encoding="utf-8")
    after = _clean(data, name, (str(rules),))
    assert not any(junk in b.text for b in after.kept)
    assert [r.reason for r in after.removals if junk in r.text] == [reason]
    assert any("harbour was quiet" in b.text for b in after.kept)


def test_rules_are_compiled_once_and_travel_as_data(tmp_path):
    assert load_rules() is default_rules()
    rules = tmp_path / "mine.toml"
    rules.write_text('[html]\nremove_always = ["zzwidgetbox"]\n', encoding="utf-8")
    r = load_rules((str(rules),))
    assert load_rules((str(rules),)) is r
    assert r.lexicon is r.lexicon and r.hints is r.hints
    again = pickle.loads(pickle.dumps(r))       # (to worker processes: the data, compiled there)
    assert "zzwidgetbox" in again.data["html"]["remove_always"] and "lexicon" not in again.__dict__


def test_a_users_comment_head_pattern_is_searched_in_every_line(tmp_path):
    # heads with neither a time, a final comma nor a comment link word: the built-in quick test of
    # what the built-in head patterns need must not hide them once the user's pattern knows them
    article = "\n\n".join(PROSE.replace("harbour", f"harbour {i}") * 2 for i in range(3))
    thread = "\n\n".join(f"{name} replied on {i + 3} October 2012\n\n"
                         + "I liked this story a lot, and I went to see the boats at the pier myself. " * 2
                         for i, name in enumerate(["Ann", "Bob", "Carla", "Dan"]))
    data = f"Harbour at dawn\n\n{article}\n\n{thread}\n"
    before = _clean(data, "a.txt")
    assert any("went to see the boats" in b.text for b in before.kept)
    rules = tmp_path / "mine.toml"
    rules.write_text('[comment]\nhead_patterns = [\'^\\w+ replied on \\d{1,2} \\w+ \\d{4}$\']\n', encoding="utf-8")
    after = _clean(data, "a.txt", (str(rules),))
    assert not any("went to see the boats" in b.text for b in after.kept)
    assert any("comment section" in r.detail for r in after.removals if "went to see" in r.text)
    assert sum("harbour" in b.text for b in after.kept) == 3
