"""Cleaning clean output changes nothing (black's assert_stable), on real pages and generated text."""
import pathlib

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from cleaner import Settings
from cleaner.pipeline import clean_bytes

CORPUS = pathlib.Path(__file__).resolve().parents[2] / "shared" / "corpus"
if not CORPUS.is_dir():
    CORPUS = pathlib.Path("/work/shared/corpus")


def twice(data: bytes, name: str, settings: Settings = Settings()) -> tuple[str, str]:
    _, first = clean_bytes(data, source=name, settings=settings)
    _, second = clean_bytes(first.encode("utf-8"), source=name.rsplit(".", 1)[0] + ".md", settings=settings)
    return first, second


def corpus_cases(step: int = 7):
    cases = sorted(p for p in CORPUS.glob("*/*") if (p / "input.txt").is_file())
    return cases[::step]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not available")
@pytest.mark.parametrize("case", corpus_cases(), ids=lambda p: f"{p.parent.name}-{p.name}")
@pytest.mark.parametrize("kind", ["input.txt", "input.html"])
def test_corpus_pages_are_stable(case, kind):
    first, second = twice((case / kind).read_bytes(), kind)
    assert second == first


MARKDOWNISH = st.sampled_from(list("#>*_`[]()!|\\-+=.1234 \n") + ["1. ", "- ", "## ", "```", "---", "\n\n",
                                                                    "http://x.org/a_b", "中文", "，", "。", "著",
                                                                    # (entities, tags, long fences, line separators)
                                                                    "<", "&", "&lt;", "&amp;", "&#35;", "<b>", "``",
                                                                    "````", "~~~", "\u2028", "：", "**"])
WORDS = st.sampled_from(["the", "ferry", "河道", "治理", "居民", "Hello", "2.5", "1,000", "(注)", "「引」", "著"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(MARKDOWNISH, WORDS), min_size=1, max_size=60).map("".join))
def test_generated_text_is_stable(text):
    if not text.strip():
        return
    try:
        first, second = twice(text.encode("utf-8"), "x.txt")
    except Exception as exc:  # only InputError is allowed, for inputs with no text
        from cleaner.errors import InputError
        assert isinstance(exc, InputError)
        return
    assert second == first
