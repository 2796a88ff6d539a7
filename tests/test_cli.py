"""Every option of ``clean``, through click's CliRunner (the sqlite-utils way)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import cli
from cleaner.cli import main

SEED = (Path(__file__).resolve().parent.parent / "seeds" / "000_7ff96054997bd690.txt").read_bytes()
ARTICLE = ("春天的故事\n\n"
           "这是一篇关于春天的文章，讲述了一个小镇在春天里发生的变化。河水解冻，柳树发芽，孩子们在田野里奔跑。\n\n"
           "镇上的老人说，今年的春天比往年来得更早一些，花也开得更多。大家都很高兴，纷纷走出家门，享受温暖的阳光。\n\n"
           "版权所有 © 2024 某某网站\n")
ENGLISH = ("A Quiet Harbour\n\n"
           "The harbour was quiet in the early morning, and the fishing boats rocked gently at their moorings. "
           "Gulls circled overhead while the first workers arrived at the market.\n\n"
           "By noon the square was full of people buying fish, bread and vegetables from the stalls, and the "
           "cafés along the water had no free tables left.\n")


from clirun import run, runner  # noqa: E402,F401  (shared CLI test helpers)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Run every test in an empty folder, so the repo's pyproject.toml / a cleaner.toml cannot leak in."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def tree(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "sub" / "b.txt").write_text(ENGLISH, encoding="utf-8")
    (src / "sub" / "c.html").write_text(f"<html><body><article><h1>Harbour</h1><p>{ENGLISH.splitlines()[2]}</p>"
                                        "</article></body></html>", encoding="utf-8")
    (src / "seed.txt").write_bytes(SEED)
    (src / "notes.csv").write_text("a,b\n", encoding="utf-8")          # not an article extension
    (src / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")        # hidden: skipped
    (src / ".git").mkdir()
    (src / ".git" / "x.txt").write_text(ARTICLE, encoding="utf-8")     # VCS: skipped
    return src


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


# ---------------------------------------------------------------- inputs

def test_folder_mirrors_tree_into_default_cleaned(tree, tmp_path):
    r = run([tree])
    assert r.exit_code == 0, r.output
    assert files_under(tmp_path / "cleaned") == ["a.md", "seed.md", "sub/b.md", "sub/c.md"]
    md = (tmp_path / "cleaned" / "a.md").read_text(encoding="utf-8")
    assert md.startswith("---\n") and "春天的故事" in md and "版权所有" not in md
    assert r.stdout == ""                                         # stdout only carries content
    assert r.stderr.strip().startswith("cleaned 4 files, 0 failed")


def test_seeds_folder_writes_cleaned_rel_md(tmp_path):
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    r = run([seeds])
    assert r.exit_code == 0
    assert files_under(tmp_path / "cleaned") == ["000_7ff96054997bd690.md"]


def test_single_file_goes_to_output_by_basename(tree, tmp_path):
    r = run([tree / "sub" / "b.txt", "-o", tmp_path / "out"])
    assert r.exit_code == 0
    assert files_under(tmp_path / "out") == ["b.md"]


def test_dash_reads_stdin_and_writes_stdout():
    r = run(["-"], input=ARTICLE.encode("utf-8"))
    assert r.exit_code == 0
    assert r.stdout.startswith("---\n") and "春天的故事" in r.stdout and "版权所有" not in r.stdout
    assert not Path("cleaned").exists()


def test_no_path_reads_stdin_when_it_is_not_a_terminal(monkeypatch):
    monkeypatch.setattr(cli, "_stdin_is_tty", lambda: False)
    r = run([], input=ENGLISH)
    assert r.exit_code == 0 and "harbour was quiet" in r.stdout


def test_no_path_on_a_terminal_is_a_usage_error(monkeypatch):
    monkeypatch.setattr(cli, "_stdin_is_tty", lambda: True)
    r = run([])
    assert r.exit_code == 2 and "no input" in r.stderr


def test_stdin_with_output_folder_writes_stdin_md(tmp_path):
    r = run(["-", "-o", tmp_path / "out"], input=ENGLISH)
    assert r.exit_code == 0 and r.stdout == ""
    assert files_under(tmp_path / "out") == ["stdin.md"]


def test_missing_path_is_one_line_usage_error():
    r = run(["nope.txt"])
    assert r.exit_code == 2
    assert "nope.txt: no such file or directory" in r.stderr


def test_include_replaces_default_globs(tree, tmp_path):
    r = run([tree, "-o", tmp_path / "o", "--include", "*.html", "--include", "a.*"])
    assert r.exit_code == 0
    assert files_under(tmp_path / "o") == ["a.md", "sub/c.md"]


def test_exclude_files_and_folders(tree, tmp_path):
    r = run([tree, "-o", tmp_path / "o", "--exclude", "sub"])
    assert files_under(tmp_path / "o") == ["a.md", "seed.md"]
    r = run([tree, "-o", tmp_path / "p", "--exclude", "*.html", "--exclude", "seed.txt"])
    assert r.exit_code == 0
    assert files_under(tmp_path / "p") == ["a.md", "sub/b.md"]


def test_files_from_lines_mirror_relative_paths(tree, tmp_path):
    os.chdir(tree)
    (tmp_path / "list.txt").write_text("a.txt\nsub/b.txt\n\n", encoding="utf-8")
    r = run(["--files-from", tmp_path / "list.txt", "-o", tmp_path / "o"])
    assert r.exit_code == 0, r.output
    assert files_under(tmp_path / "o") == ["a.md", "sub/b.md"]


def test_files_from_stdin_nul_separated(tree, tmp_path):
    listing = f"{tree / 'a.txt'}\0{tree / 'sub' / 'b.txt'}\0".encode()
    r = run(["--files-from", "-", "-0", "-o", tmp_path / "o"], input=listing)
    assert r.exit_code == 0, r.output
    assert files_under(tmp_path / "o") == ["a.md", "b.md"]        # absolute paths: by file name


def test_files_from_missing_entry_is_an_error_line_not_the_end(tree, tmp_path):
    (tmp_path / "list").write_text(f"{tree / 'gone.txt'}\n{tree / 'a.txt'}\n", encoding="utf-8")
    r = run(["--files-from", tmp_path / "list", "-o", tmp_path / "o"])
    assert r.exit_code == 1
    assert f"{tree / 'gone.txt'}: no such file" in r.stderr
    assert files_under(tmp_path / "o") == ["a.md"]


def test_null_without_files_from_is_usage_error(tree):
    assert run([tree, "-0"]).exit_code == 2


def test_failed_stdin_article_in_jsonl_is_an_error_record():
    r = run(["-", "--format", "jsonl"], input=b"\x00\x01\x02 binary")
    assert r.exit_code == 1 and r.stderr.startswith("<stdin>: binary file, not text")
    assert json.loads(r.stdout)["errors"] == ["binary file, not text"]
    r = run(["-", "--format", "md"], input=b"\x00\x01\x02 binary")
    assert r.exit_code == 1 and r.stdout == ""


def test_stdin_twice_is_usage_error():
    r = run(["-", "--files-from", "-"], input="")
    assert r.exit_code == 2 and "stdin" in r.stderr


# ---------------------------------------------------------------- outputs

def test_output_dash_streams_every_article_to_stdout_in_input_order(tree):
    r = run([tree, "-o", "-", "--format", "jsonl", "-j", "2"])
    assert r.exit_code == 0
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert [Path(x["path"]).relative_to(tree).as_posix() for x in records] == \
        ["a.txt", "seed.txt", "sub/b.txt", "sub/c.html"]
    for rec in records:
        assert set(rec) >= {"path", "title", "metadata", "markdown", "stats", "errors"}
    assert records[0]["title"] == "春天的故事"


@pytest.mark.parametrize("fmt,ext", [("md", ".md"), ("txt", ".txt"), ("json", ".json"), ("jsonl", ".jsonl")])
def test_format_sets_content_and_extension(tree, tmp_path, fmt, ext):
    r = run([tree / "a.txt", "-o", tmp_path / "o", "--format", fmt])
    assert r.exit_code == 0
    out = (tmp_path / "o" / f"a{ext}").read_text(encoding="utf-8")
    if fmt == "md":
        assert out.startswith("---\n") and "\n# 春天的故事\n" in out
    elif fmt == "txt":
        assert not out.startswith("---") and "#" not in out and "春天的故事" in out
    else:
        assert json.loads(out)["title"] == "春天的故事"
        assert (out.count("\n") == 1) == (fmt == "jsonl")


def test_no_front_matter(tree):
    r = run([tree / "a.txt", "-o", "-", "--no-front-matter"])
    assert r.stdout.startswith("# 春天的故事")
    r = run([tree / "a.txt", "-o", "-", "--front-matter"])
    assert r.stdout.startswith("---\n")


def test_script_and_phrases(tree):
    hant = run([tree / "a.txt", "-o", "-", "--script", "hant"]).stdout
    assert "這是一篇關於春天的文章" in hant
    keep = run(["-", "--script", "keep"], input=SEED).stdout
    assert "支付寶" in keep
    software = ("软件开发\n\n这是一个关于软件开发的很长的段落，我们在这里讨论如何写出更好的软件，"
                "以及如何测试它们，让它们更加可靠。\n")
    plain = run(["-", "--script", "tw", "--no-phrases"], input=software).stdout
    phrased = run(["-", "--script", "tw", "--phrases"], input=software).stdout
    assert "軟件開發" in plain and "軟體開發" in phrased
    assert run(["-", "--script", "klingon"], input=SEED).exit_code == 2


def test_rules_file_adds_boilerplate_phrases(tmp_path):
    text = ("标题\n\n" + "这是正文的第一段，内容比较长，足够被当作文章的正文来保留下来，不会被删除掉。\n\n"
            "点此订阅我们的晨报\n")
    base = run(["-", "--no-front-matter"], input=text).stdout
    assert "点此订阅我们的晨报" in base
    (tmp_path / "mine.toml").write_text('[nav]\nlines = ["点此订阅我们的晨报"]\n', encoding="utf-8")
    r = run(["-", "--no-front-matter", "--rules", tmp_path / "mine.toml"], input=text)
    assert r.exit_code == 0 and "点此订阅我们的晨报" not in r.stdout and "第一段" in r.stdout


def test_bad_rules_file_is_usage_error(tmp_path):
    (tmp_path / "bad.toml").write_text("this is = = not toml", encoding="utf-8")
    r = run(["-", "--rules", tmp_path / "bad.toml"], input=ENGLISH)
    assert r.exit_code == 2 and "bad.toml" in r.stderr


def test_name_collisions_keep_the_input_extension(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.html", "a.txt", "a.html.txt"):
        (src / name).write_text(ENGLISH, encoding="utf-8")
    r = run([src, "-o", tmp_path / "o"])
    assert r.exit_code == 0
    # sorted input order: a.html → a.md, a.html.txt → a.html.md, a.txt → a.txt.md
    assert files_under(tmp_path / "o") == ["a.html.md", "a.md", "a.txt.md"]
    again = run([src, "-o", tmp_path / "o", "-v"])
    assert "unchanged" in again.stderr and files_under(tmp_path / "o") == ["a.html.md", "a.md", "a.txt.md"]


# ---------------------------------------------------------------- CI: --check, --diff, --report

def test_check_writes_nothing_and_exits_1_when_outputs_would_be_created(tree, tmp_path):
    r = run([tree, "-o", tmp_path / "o", "--check"])
    assert r.exit_code == 1
    assert not (tmp_path / "o").exists()
    assert "4 files would change" in r.stderr
    run([tree, "-o", tmp_path / "o"])
    r = run([tree, "-o", tmp_path / "o", "--check"])
    assert r.exit_code == 0 and "0 files would change, 4 unchanged" in r.stderr


def test_check_exits_1_when_an_output_would_change(tree, tmp_path):
    run([tree, "-o", tmp_path / "o"])
    (tmp_path / "o" / "a.md").write_text("stale\n", encoding="utf-8")
    r = run([tree, "-o", tmp_path / "o", "--check"])
    assert r.exit_code == 1
    assert (tmp_path / "o" / "a.md").read_text(encoding="utf-8") == "stale\n"


def test_diff_prints_unified_diff_and_writes_nothing(tree, tmp_path):
    run([tree, "-o", tmp_path / "o"])
    (tmp_path / "o" / "a.md").write_text("stale\n", encoding="utf-8")
    r = run([tree, "-o", tmp_path / "o", "--diff"])
    assert r.exit_code == 0                               # like black: --diff alone is not a failure
    assert f"--- {tmp_path / 'o' / 'a.md'}" in r.stdout and "-stale" in r.stdout and "+# 春天的故事" in r.stdout
    assert (tmp_path / "o" / "a.md").read_text(encoding="utf-8") == "stale\n"
    r = run([tree, "-o", tmp_path / "o", "--diff", "--check"])
    assert r.exit_code == 1 and "-stale" in r.stdout


def test_check_needs_an_output_folder(tree):
    assert run([tree, "-o", "-", "--check"]).exit_code == 2
    assert run(["-", "--diff"], input=ENGLISH).exit_code == 2


def test_report_json(tree, tmp_path):
    (tree / "empty.txt").write_bytes(b"")
    r = run([tree, "-o", tmp_path / "o", "--report", tmp_path / "report.json"])
    assert r.exit_code == 1
    rep = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    by_path = {Path(f["path"]).name: f for f in rep["files"]}
    assert set(by_path) == {"a.txt", "empty.txt", "seed.txt", "b.txt", "c.html"}
    a = by_path["a.txt"]
    assert a["status"] == "written" and a["error"] is None
    assert a["dropped_by_reason"].get("copyright") == 1
    assert a["chars_in"] > a["chars_out"] > 0 and a["blocks_in"] > a["blocks_kept"]
    assert a["input_script"] == "hans" and a["seconds"] >= 0
    assert by_path["seed.txt"]["conversion"] == "tw2s"
    assert by_path["empty.txt"]["status"] == "failed" and by_path["empty.txt"]["error"] == "empty input"
    assert rep["summary"]["files"] == 5 and rep["summary"]["failed"] == 1 and rep["summary"]["exit_code"] == 1
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".clean-report")]


# ---------------------------------------------------------------- UX

def test_explain_prints_dropped_blocks_and_writes_nothing(tree, tmp_path):
    r = run([tree / "a.txt", "--explain", "-o", tmp_path / "o"])
    assert r.exit_code == 0
    assert "copyright" in r.stdout and "版权所有" in r.stdout and "kept" in r.stdout
    assert not (tmp_path / "o").exists()
    assert run([tree, "--explain", "--check"]).exit_code == 2


def test_quiet_and_verbose(tree, tmp_path):
    r = run([tree, "-o", tmp_path / "o", "-q"])
    assert r.exit_code == 0 and r.stderr == ""
    r = run([tree, "-o", tmp_path / "o", "-v"])
    lines = r.stderr.splitlines()
    assert any(line.startswith(str(tree / "a.txt")) and "unchanged" in line for line in lines)
    assert lines[-1].startswith("cleaned 4 files")
    (tree / "empty.txt").write_bytes(b"")
    r = run([tree, "-o", tmp_path / "o", "-q"])
    assert r.exit_code == 1 and r.stderr.strip() == f"{tree / 'empty.txt'}: empty input"


def test_jobs_gives_the_same_outputs(tree, tmp_path):
    for i in range(30):
        (tree / f"extra{i:02}.txt").write_text(ENGLISH.replace("harbour", f"harbour {i}"), encoding="utf-8")
    assert run([tree, "-o", tmp_path / "one", "-j", "1"]).exit_code == 0
    assert run([tree, "-o", tmp_path / "two", "--jobs", "2"]).exit_code == 0
    assert files_under(tmp_path / "one") == files_under(tmp_path / "two")
    for name in files_under(tmp_path / "one"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert run([tree, "-j", "0"]).exit_code == 2


def test_max_bytes(tree, tmp_path):
    r = run([tree / "seed.txt", "-o", tmp_path / "o", "--max-bytes", "1k"])
    assert r.exit_code == 1 and "too large" in r.stderr and "--max-bytes 1024" in r.stderr
    assert run([tree / "seed.txt", "-o", tmp_path / "o", "--max-bytes", "1MB"]).exit_code == 0
    assert run([tree / "seed.txt", "--max-bytes", "lots"]).exit_code == 2


def test_progress_only_on_a_terminal(tree, tmp_path, monkeypatch):
    r = run([tree, "-o", tmp_path / "o"])
    assert "\r" not in r.stderr
    monkeypatch.setattr(cli, "_stderr_is_tty", lambda: True)
    r = run([tree, "-o", tmp_path / "p"])
    assert "\r\x1b[K" in r.stderr and "4/4" in r.stderr and "100%" in r.stderr and "files/s" in r.stderr
    assert r.stderr.rsplit("\r\x1b[K", 1)[1].startswith("cleaned 4 files, 0 failed")   # cleared first
    assert r.stdout == ""
    r = run(["--files-from", "-", "-o", tmp_path / "q"], input=f"{tree}/a.txt\n")   # no total known: a counter
    assert " done, 0 failed  " in r.stderr


def test_help_documents_exit_codes_and_version():
    r = run(["--help"])
    assert r.exit_code == 0
    for line in ("0  success", "1  some input failed", "2  usage error"):
        assert line in r.stdout
    assert run(["-h"]).exit_code == 0
    r = run(["--version"])
    assert r.exit_code == 0 and "clean" in r.stdout


# ---------------------------------------------------------------- safety (usage level)

def test_output_inside_input_folder_is_skipped_not_read_back(tree):
    r = run([tree, "-o", tree / "cleaned"])
    assert r.exit_code == 0, r.stderr
    first = sorted(p.relative_to(tree / "cleaned") for p in (tree / "cleaned").rglob("*") if p.is_file())
    assert first and not any(str(p).startswith("cleaned") for p in first)
    r = run([tree, "-o", tree / "cleaned", "-v"])          # a second run does not read its outputs back
    assert r.exit_code == 0 and "cleaned/cleaned" not in r.stderr
    again = sorted(p.relative_to(tree / "cleaned") for p in (tree / "cleaned").rglob("*") if p.is_file())
    assert again == first


def test_output_equal_to_input_folder_is_refused(tree):
    r = run([tree, "-o", tree])
    assert r.exit_code == 2 and "is the input folder" in r.stderr


def test_current_folder_with_default_output_works(tree):
    os.chdir(tree)
    r = run(["."])
    assert r.exit_code == 0, r.stderr
    assert (tree / "cleaned").is_dir() and not (tree / "cleaned" / "cleaned").exists()
    before = {p: p.read_bytes() for p in (tree / "cleaned").rglob("*") if p.is_file()}
    assert run(["."]).exit_code == 0
    after = {p: p.read_bytes() for p in (tree / "cleaned").rglob("*") if p.is_file()}
    assert after == before


def test_output_that_is_a_file_is_refused(tree):
    assert run([tree, "-o", tree / "a.txt"]).exit_code == 2


def test_file_whose_output_would_be_itself_is_refused(tmp_path):
    (tmp_path / "note.md").write_text("# Note\n\n" + ENGLISH, encoding="utf-8")
    before = (tmp_path / "note.md").read_bytes()
    r = run([tmp_path / "note.md", "-o", tmp_path])
    assert r.exit_code == 1 and "refusing to overwrite the input" in r.stderr
    assert (tmp_path / "note.md").read_bytes() == before


def test_inputs_are_never_written(tree, tmp_path):
    before = {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    mtimes = {p: p.stat().st_mtime_ns for p in before}
    run([tree, "-o", tmp_path / "o"])
    assert {p: p.read_bytes() for p in before} == before
    assert {p: p.stat().st_mtime_ns for p in before} == mtimes


def test_unchanged_output_is_not_rewritten(tree, tmp_path):
    run([tree, "-o", tmp_path / "o"])
    target = tmp_path / "o" / "a.md"
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    r = run([tree, "-o", tmp_path / "o", "-v"])
    assert target.stat().st_mtime_ns == 1_000_000_000
    assert "4 unchanged" in r.stderr


PAGE_WITH_MEDIA = b"""<html><head><title>Ferry news</title></head><body><article>
<h1>Ferry news</h1>
<p>The council voted on Tuesday to restore the ferry line that connected the old port with the island,
after a long public hearing in which more than sixty residents spoke, most of them in favour of it.</p>
<p><img src="img/ferry.jpg" alt="The ferry"> Crossings will take about fifteen minutes, with a boat every
half hour at peak times; see <a href="/timetable.html">the timetable</a> for the first summer.</p>
</article></body></html>"""


def test_images_links_and_base_url_options(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.html").write_bytes(PAGE_WITH_MEDIA)

    def run(*args):
        result = CliRunner().invoke(main, ["p.html", "-o", "-", "-q", "--no-front-matter", *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    default = run()
    assert "[the timetable](/timetable.html)" in default and "![" not in default
    with_base = run("--base-url", "https://news.example.org/2024/")
    assert "[the timetable](https://news.example.org/timetable.html)" in with_base
    images = run("--images", "--base-url", "https://news.example.org/2024/")
    assert "![The ferry](https://news.example.org/2024/img/ferry.jpg)" in images
    no_links = run("--no-links")
    assert "see the timetable for" in no_links and "](" not in no_links


def test_disable_switches_a_strip_rule_off_and_rejects_unknown_names(tmp_path):
    seed = SEED
    # the page-context pass would also take the seed's trailer: switch it off to see each rule alone
    no_context = run(["-", "-q", "--disable", "context"], input=seed).stdout
    assert "时时彩" not in no_context and "责任编辑" not in no_context and 'editor: "卧虫"' in no_context
    kept_spam = run(["-", "-q", "--disable", "context", "--disable", "spam"], input=seed).stdout
    assert "内蒙古时时彩wifa" in kept_spam
    no_credit = run(["-", "-q", "--disable", "context", "--disable", "credit"], input=seed).stdout
    assert "责任编辑：卧虫" in no_credit and "editor:" not in no_credit
    bad = run(["-", "--disable", "spma"], input=seed)
    assert bad.exit_code == 2 and "spma" in bad.stderr and "spam" in bad.stderr


# ---------------------------------------------------------------- progress bar (terminal only)

def test_progress_bar_shows_total_rate_and_eta():
    import io

    from cleaner.cli import Progress
    from cleaner.report import FAILED, FileRecord, Report

    out = io.StringIO()
    p = Progress(total=4, file=out)
    rep = Report()
    for i in range(4):
        rep.add(FileRecord(f"f{i}.txt", "written" if i else FAILED, None, None if i else "bad", 10, 10, 0.1, {}))
        p.last = 0.0            # (redraw limit: at most 10 a second)
        p(rep, f"f{i}.txt")
    text = out.getvalue()
    assert "4/4" in text and "100%" in text and "files/s" in text and "cleaning" in text
    assert "1/4" in text and "25%" in text
    p.clear()
    assert out.getvalue().endswith("\r\x1b[K")


def test_no_progress_when_stderr_is_not_a_terminal(tree, tmp_path):
    r = run([tree, "-o", tmp_path / "o"])
    assert "files/s" not in r.stderr and "\r" not in r.stderr
