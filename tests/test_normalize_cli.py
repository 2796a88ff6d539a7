"""The normalization options of the ``clean`` command (CliRunner)."""
from __future__ import annotations

from click.testing import CliRunner

from cleaner.cli import main

ARTICLE = ("標題在這裡\n\n"
           "他說:“使用iPhone拍攝4K視頻,效果很好”.這意味著,當你刷著微博時,價格是2.5元(約1,000個)。\n")


def run(*args: str) -> str:
    result = CliRunner().invoke(main, ["-", "--no-front-matter", *args], input=ARTICLE.encode("utf-8"))
    assert result.exit_code == 0, result.output
    return result.output


def test_defaults():
    out = run()
    assert "他说：“使用iPhone拍摄4K视频，效果很好”。这意味着，当你刷着微博时，价格是2.5元（约1,000个）。" in out


def test_quotes_and_spacing():
    out = run("--quotes", "corner", "--cjk-spacing")
    assert "他说：「使用 iPhone 拍摄 4K 视频，效果很好」。" in out
    assert "「" not in run("--quotes", "curly")


def test_disable_is_repeatable():
    out = run("--disable", "cjk_punctuation", "--disable", "convert_script")
    assert "他說:“使用iPhone拍攝4K視頻,效果很好”." in out


def test_script_keep_and_tw():
    assert "這意味著" in run("--script", "keep")
    assert "這意味著" in run("--script", "tw")


def test_help_lists_the_options():
    out = CliRunner().invoke(main, ["--help"]).output
    for flag in ("--quotes", "--cjk-spacing", "--disable", "--script", "--phrases"):
        assert flag in out
