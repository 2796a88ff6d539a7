"""End to end: the seed and two articles of our own, through the real CLI (issue #2)."""
import re

import pytest
from click.testing import CliRunner

from cleaner import Settings, clean_text
from cleaner.cli import main

SEED = "seeds/000_7ff96054997bd690.txt"
ARTICLES = ["tests/data/articles/river_cleanup_hans.txt", "tests/data/articles/harbor_english.txt"]


def run(*args, input=None):
    result = CliRunner().invoke(main, list(args), input=input)
    return result


def body(markdown: str) -> str:
    return re.sub(r"\A---\n.*?\n---\n\n?", "", markdown, count=1, flags=re.S)


def test_seed_golden(in_root, tmp_path, golden):
    result = run("seeds/", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    out = (tmp_path / "000_7ff96054997bd690.md").read_text(encoding="utf-8")
    golden("seeds/000_7ff96054997bd690.md", out)


@pytest.mark.parametrize("path", ARTICLES)
def test_own_articles_golden(in_root, path, golden):
    result = run(path, "-o", "-")
    assert result.exit_code == 0, result.output
    golden("articles/" + path.rsplit("/", 1)[1].replace(".txt", ".md"), result.stdout)


def test_stdin_gives_the_same_body(in_root, tmp_path):
    run("seeds/", "-o", str(tmp_path))
    from_file = (tmp_path / "000_7ff96054997bd690.md").read_text(encoding="utf-8")
    with open(SEED, "rb") as fh:
        from_stdin = run("-", input=fh.read()).stdout
    assert body(from_stdin) == body(from_file)
    assert 'source: "-"' in from_stdin


@pytest.mark.parametrize("path", [SEED, *ARTICLES])
def test_cleaning_clean_output_changes_nothing(in_root, tmp_path, path):
    first = tmp_path / "first"
    second = tmp_path / "second"
    assert run(path, "-o", str(first)).exit_code == 0
    assert run(str(first), "-o", str(second)).exit_code == 0
    name = path.rsplit("/", 1)[1].replace(".txt", ".md")
    assert (second / name).read_bytes() == (first / name).read_bytes()


def test_seed_content(in_root):
    out = run(SEED, "-o", "-").stdout
    text = body(out)
    assert text.count("\n# ") + text.startswith("# ") == 1                 # exactly one H1
    assert re.findall(r"(?m)^## (.*)$", text) == ["摘要", "大胆「互通」，「垂直」尝试", "支付宝小程序的「商业化」新考验"]
    assert "意味着" in text and "刷着" in text and "意味著" not in text
    assert "饿了么" in text                                                 # a Simplified leftover is not "converted"
    for gone in ("最新文章", "极客之选", "顶楼", "时时彩", "责任编辑", "图片来源", "(图", "（图", "\u00a0"):
        assert gone not in text, gone
    assert "*围绕「商业」和「生活服务」，支付宝小程序希望打通线上线下流量形成「服务」闭环*" in text
    assert "（如轻会员，品牌轻店）" in text and "1UV，支付宝" in text and "2.5 亿" in text
    assert 'editor: "卧虫"' in out and 'image_credit: "支付宝小程序"' in out
    assert 'input_script: "mixed-tw"' in out and 'conversion: "tw2s"' in out


def test_every_seed_paragraph_is_kept_in_order(in_root):
    """Each long paragraph of the input appears in the output, in order (script and punctuation aside)."""
    from cleaner.normalize import fix_text
    from cleaner import script
    src = open(SEED, encoding="utf-8").read()
    paras = [p.strip() for p in src.split("\n\n") if len(p.strip()) > 60 and not p.strip().startswith("(")]
    out = body(run(SEED, "-o", "-").stdout)
    info = script.detect(src)
    pos = 0
    for p in paras:
        expected = fix_text(p, Settings(), "tw2s", info)
        found = out.find(expected, pos)
        assert found >= 0, p[:30]
        pos = found


def test_explain_lists_reasons(in_root):
    result = run("--explain", SEED)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    reasons = {l.split("\t")[1] for l in lines if "\t" in l}
    assert {"credit:editor", "credit:image_credit", "credit:image", "nav", "nav-trailer", "spam:gambling"} <= reasons
    assert any("内蒙古时时彩wifa" in l and "spam:gambling" in l for l in lines)


def test_missing_path_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(main, [str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "nope.txt" in result.output
    assert "Traceback" not in result.output


def test_library_api_matches_cli(in_root):
    text = open(SEED, encoding="utf-8").read()
    assert body(clean_text(text)) == body(run(SEED, "-o", "-").stdout)
