"""Script detection and conversion (cleaner.script), checked against OpenCC's own test cases
and a labelled detection set built from the corpus pages (tests/data/make_script_set.py)."""
from __future__ import annotations

import gzip
import json
import os
import re
from collections import Counter

import pytest

from cleaner import script

DATA = os.path.join(os.path.dirname(__file__), "data")


def opencc_cases() -> list[tuple[str, str, str, str]]:
    """(id, config, input, expected) from OpenCC 1.4.2 test/testcases/testcases.json (trailing commas)."""
    with open(os.path.join(DATA, "opencc", "testcases.json"), encoding="utf-8") as f:
        raw = re.sub(r",(\s*[}\]])", r"\1", f.read())
    out = []
    for case in json.loads(raw)["cases"]:
        for config, expected in case["expected"].items():
            if config in script.EXPOSED_CONFIGS:
                out.append((case["id"], config, case["input"], expected))
    return out


CASES = opencc_cases()

def test_opencc_case_file_covers_every_exposed_config():
    assert {c for _, c, _, _ in CASES} == set(script.EXPOSED_CONFIGS)
    assert len(CASES) > 450


@pytest.mark.parametrize("case_id,config,text,expected", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_opencc_cases_through_convert(case_id, config, text, expected):
    assert script.convert(text, config) == expected


def test_opencc_cases_through_convert_document():
    """convert_document is OpenCC itself on text of one script.

    About 30 cases deliberately hold both scripts in one input (有线新闻 … 有線新聞); those are
    detected as mixed, and then only characters of the other script change (by design).
    """
    failures, mixed = [], []
    for case_id, config, text, expected in CASES:
        info = script.detect(text)
        out = script.convert_document(text, config, info)
        if out == expected:
            continue
        if info.script != "mixed":
            failures.append((case_id, config, out))
        else:
            mixed.append((case_id, config, text, out))
    assert failures == []
    assert len(mixed) <= 31
    sets = script.char_sets()
    for case_id, config, text, out in mixed:
        assert len(out) == len(text) or config.endswith("p"), case_id
        if config in script.TO_SIMPLIFIED or len(out) != len(text):
            continue
        # going to Traditional: a character already Traditional is never changed
        assert all(o == c for c, o in zip(text, out) if c in sets["trad"]), case_id


def test_mixed_documents_change_only_the_other_script():
    seed_like = "這意味著，當你刷著微博時，汉堡王實現支付寶、饿了么甚至是高德等多端獲客。" * 3
    info = script.detect(seed_like)
    assert info.script == "mixed" and info.region == "tw"
    config = script.conversion_config(info, "hans")
    assert config == "tw2s"
    out = script.convert_document(seed_like, config, info)
    assert "饿了么" in out and "幺" not in out
    assert "意味着" in out and "刷着" in out and "支付宝" in out
    # to Traditional: Simplified leftovers converted, the Traditional 觀念 not turned into 觀唸
    mixed = "這個觀念很重要，我們宣布了新的規則。这个观点也很重要，我们发布了" * 2
    info = script.detect(mixed)
    assert info.script == "mixed"
    out = script.convert_document(mixed, script.conversion_config(info, "tw"), info)
    assert "觀念" in out and "觀唸" not in out and "這個觀點" in out and "我們發" in out


def test_phrase_config_of_same_length_is_never_zipped():
    # s2twp changes words but here keeps the length: a character-wise merge would garble it.
    text = "元数据 元數據 调制 调制解调器"
    info = script.detect(text)
    assert script.convert_document(text, "s2twp", script.ScriptInfo("hans", "", 0, 0, 0, 0)) \
        == "後設資料 後設資料 調變 數據機"
    assert "料制" not in script.convert_document(text, "s2twp", info)


@pytest.mark.parametrize("text,label", [
    ("这是一个简体中文的句子，我们在这里测试。", "hans"),
    ("這是一個繁體中文的句子，我們在這裡測試軟體。", "hant-tw"),
    ("這是一個繁體中文的句子，我們在這裏測試，爲了羣衆。", "hant"),
    ("Only English here.", "none"),
    ("中文", "undecided"),
    ("これは日本語の文章です。東京都の國語。", "ja"),
])
def test_detect_labels(text, label):
    assert script.detect(text).label == label


@pytest.mark.parametrize("detected,target,phrases,config", [
    (script.ScriptInfo("hant", "tw", 1.0, 10, 10, 0), "hans", False, "tw2s"),
    (script.ScriptInfo("hant", "tw", 1.0, 10, 10, 0), "hans", True, "tw2sp"),
    (script.ScriptInfo("hant", "hk", 1.0, 10, 10, 0), "hans", False, "hk2s"),
    (script.ScriptInfo("hant", "", 1.0, 10, 10, 0), "hans", False, "t2s"),
    (script.ScriptInfo("mixed", "tw", 0.9, 10, 9, 1), "hans", True, "tw2s"),   # no phrases on mixed text
    (script.ScriptInfo("hans", "", 0.0, 10, 0, 10), "hans", False, None),
    (script.ScriptInfo("hans", "", 0.0, 10, 0, 10), "hant", False, "s2t"),
    (script.ScriptInfo("hans", "", 0.0, 10, 0, 10), "tw", False, "s2tw"),
    (script.ScriptInfo("hans", "", 0.0, 10, 0, 10), "tw", True, "s2twp"),
    (script.ScriptInfo("hans", "", 0.0, 10, 0, 10), "hk", False, "s2hk"),
    (script.ScriptInfo("hant", "tw", 1.0, 10, 10, 0), "tw", False, None),
    (script.ScriptInfo("hant", "tw", 1.0, 10, 10, 0), "hant", False, None),
    (script.ScriptInfo("hant", "", 1.0, 10, 10, 0), "tw", False, "t2tw"),
    (script.ScriptInfo("hant", "hk", 1.0, 10, 10, 0), "tw", False, "hk2t+t2tw"),
    (script.ScriptInfo("hant", "tw", 1.0, 10, 10, 0), "keep", False, None),
    (script.ScriptInfo("ja", "", 1.0, 10, 10, 0), "hans", False, None),
    (script.ScriptInfo("undecided", "tw", 1.0, 4, 2, 0), "hans", False, "tw2s"),
    (script.ScriptInfo("undecided", "", 0.5, 4, 1, 1), "hans", False, None),
    (script.ScriptInfo("undecided", "", 0.0, 4, 0, 2), "tw", False, "s2tw"),
    (script.ScriptInfo("undecided", "", 0.0, 4, 0, 0), "tw", False, None),
    (script.ScriptInfo("none", "", 0.0, 0, 0, 0), "hant", False, None),
])
def test_conversion_config(detected, target, phrases, config):
    assert script.conversion_config(detected, target, phrases) == config


def test_chained_config_runs_both_steps():
    assert script.convert("為了核實這説法", "hk2t+t2tw") == script.convert(script.convert("為了核實這説法", "hk2t"), "t2tw")


def load_labelled() -> list[dict]:
    with gzip.open(os.path.join(DATA, "script_detection.jsonl.gz"), "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_detection_accuracy_on_labelled_set():
    rows = load_labelled()
    kinds = Counter(r["kind"] for r in rows)
    assert {"hans", "s2t", "s2tw", "s2hk", "half", "sloppy", "naive", "natural"} <= set(kinds)
    assert len(rows) >= 250
    right = [r for r in rows if script.detect(r["text"]).script == r["label"]]
    assert len(right) / len(rows) >= 0.98
    # region: never wrong where the text tells; undetermined ("") only when no character tells
    regional = [r for r in rows if r["label"] == "hant"]
    wrong = [r["id"] for r in regional if script.detect(r["text"]).region not in (r["region"], "")]
    decided = [r for r in regional if script.detect(r["text"]).region == r["region"]]
    assert wrong == []
    assert len(decided) / len(regional) >= 0.95


# ------------------------------------------------------------------ sets saved per OpenCC release

@pytest.fixture
def fresh_sets():
    caches = (script.char_sets, script.protected_chars, script._shipped)
    for c in caches:
        c.cache_clear()
    yield
    for c in caches:
        c.cache_clear()


def test_saved_sets_are_what_the_installed_opencc_gives():
    from importlib import resources
    with resources.files("cleaner").joinpath(script.SHIPPED_SETS).open("rb") as fh:
        saved = json.load(fh)
    if saved["opencc"] != script._opencc_release():
        pytest.skip(f"sets saved for OpenCC {saved['opencc']}, {script._opencc_release()} installed: computed")
    assert saved == script.computed_sets()      # else: python -c 'import cleaner.script as s; s.write_shipped_sets()'


def test_saved_sets_are_used_only_for_their_opencc_release(fresh_sets, monkeypatch):
    assert script._shipped() is not None
    saved = (script.char_sets(), script.protected_chars("tw2s"))
    script._shipped.cache_clear()
    script.char_sets.cache_clear()
    script.protected_chars.cache_clear()
    monkeypatch.setattr(script, "_opencc_release", lambda: "0.0.1")
    assert script._shipped() is None
    assert (script.char_sets(), script.protected_chars("tw2s")) == saved       # computed, the same
    assert "么" in saved[1]
