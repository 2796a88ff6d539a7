"""``[tool.cleaner]`` / ``cleaner.toml``: found upward, command line wins, unknown keys name themselves."""
from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.config import find_config, load_config
from cleaner.errors import ConfigError

ARTICLE = ("春天的故事\n\n"
           "这是一篇关于春天的文章，讲述了一个小镇在春天里发生的变化。河水解冻，柳树发芽，孩子们在田野里奔跑。\n\n"
           "点此订阅我们的晨报\n")


from clirun import run, runner  # noqa: E402,F401  (shared CLI test helpers)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with a nested working folder; the test runs inside the nested one."""
    work = tmp_path / "proj" / "deep" / "er"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    return tmp_path / "proj"


def test_pyproject_tool_table_found_upward(project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.cleaner]\nscript = "hant"\n'
                                            'front-matter = false\n', encoding="utf-8")
    r = run(["-"], input=ARTICLE)
    assert r.exit_code == 0
    assert r.stdout.startswith("# 春天的故事") and "這是一篇關於春天的文章" in r.stdout


def test_command_line_wins_over_config(project):
    (project / "cleaner.toml").write_text('script = "hant"\nfront_matter = false\n', encoding="utf-8")
    r = run(["-", "--script", "hans", "--front-matter"], input=ARTICLE)
    assert r.stdout.startswith("---\n") and "这是一篇关于春天的文章" in r.stdout


def test_cleaner_toml_beats_pyproject_in_the_same_folder(project):
    (project / "pyproject.toml").write_text('[tool.cleaner]\nscript = "hant"\n', encoding="utf-8")
    (project / "cleaner.toml").write_text('script = "keep"\n', encoding="utf-8")
    assert find_config() == str(project / "cleaner.toml")


def test_pyproject_without_tool_table_is_passed_over(project):
    (project / "deep" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (project / "cleaner.toml").write_text('script = "keep"\n', encoding="utf-8")
    assert find_config() == str(project / "cleaner.toml")


def test_no_config_anywhere(project):
    assert find_config() is None
    assert load_config(None, known=["script"]).values == {}


def test_unknown_key_is_a_usage_error_naming_it(project):
    (project / "cleaner.toml").write_text('scirpt = "hant"\n', encoding="utf-8")
    r = run(["-"], input=ARTICLE)
    assert r.exit_code == 2
    assert "unknown key 'scirpt'" in r.stderr and "did you mean 'script'" in r.stderr


def test_bad_key_in_found_config_names_the_file_not_the_option(project):
    (project / "cleaner.toml").write_text('scirpt = "hant"\n', encoding="utf-8")
    r = run(["-"], input=ARTICLE)
    assert r.exit_code == 2
    assert "cleaner.toml: unknown key 'scirpt'" in r.stderr
    assert "Invalid value for '--config'" not in r.stderr


def test_disable_typo_gets_did_you_mean(project):
    r = run(["--disable", "spma", "-"], input=ARTICLE)
    assert r.exit_code == 2
    assert "did you mean 'spam'?" in r.stderr


def test_bad_value_is_a_usage_error(project):
    (project / "cleaner.toml").write_text('script = "klingon"\n', encoding="utf-8")
    r = run(["-"], input=ARTICLE)
    assert r.exit_code == 2 and "klingon" in r.stderr
    assert "cleaner.toml: script:" in r.stderr and "Invalid value for '--config'" not in r.stderr


def test_invalid_toml_is_a_usage_error(project):
    (project / "cleaner.toml").write_text('script = \n', encoding="utf-8")
    r = run(["-"], input=ARTICLE)
    assert r.exit_code == 2 and "invalid TOML" in r.stderr


def test_rules_in_config_are_relative_to_the_config_and_merged_with_command_line(project, tmp_path):
    (project / "lex").mkdir()
    (project / "lex" / "site.toml").write_text('[nav]\nlines = ["点此订阅我们的晨报"]\n', encoding="utf-8")
    (project / "cleaner.toml").write_text('rules = ["lex/site.toml"]\nfront-matter = false\n', encoding="utf-8")
    r = run(["-"], input=ARTICLE)
    assert r.exit_code == 0 and "点此订阅" not in r.stdout and "春天的故事" in r.stdout
    (tmp_path / "more.toml").write_text('[nav]\nlines = ["春天的故事"]\n', encoding="utf-8")
    r = run(["-", "--rules", tmp_path / "more.toml", "--explain"], input=ARTICLE)
    assert "点此订阅" in r.stdout and "春天的故事" in r.stdout      # both files dropped their line


def test_missing_rule_file_in_config_is_usage_error(project):
    (project / "cleaner.toml").write_text('rules = ["nope.toml"]\n', encoding="utf-8")
    r = run(["-"], input=ARTICLE)
    assert r.exit_code == 2 and "nope.toml" in r.stderr


def test_list_options_and_batch_options_from_config(project, tmp_path):
    src = tmp_path / "in"
    (src / "drafts").mkdir(parents=True)
    (src / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "drafts" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (project / "cleaner.toml").write_text(f'exclude = ["drafts"]\noutput = "{tmp_path / "o"}"\nformat = "txt"\n'
                                          'jobs = 1\nmax-bytes = "1MB"\nquiet = true\n', encoding="utf-8")
    r = run([src])
    assert r.exit_code == 0 and r.stderr == ""
    assert sorted(p.name for p in (tmp_path / "o").rglob("*") if p.is_file()) == ["a.txt"]


def test_explicit_config_option(project, tmp_path):
    (tmp_path / "elsewhere.toml").write_text('front-matter = false\n', encoding="utf-8")
    (project / "cleaner.toml").write_text('unknown_thing = 1\n', encoding="utf-8")   # not read
    r = run(["--config", tmp_path / "elsewhere.toml", "-"], input=ARTICLE)
    assert r.exit_code == 0 and r.stdout.startswith("# ")
    assert run(["--config", tmp_path / "missing.toml", "-"], input=ARTICLE).exit_code == 2


def test_config_keys_that_make_no_sense_are_refused(project):
    (project / "cleaner.toml").write_text('paths = ["x"]\n', encoding="utf-8")
    assert run(["-"], input=ARTICLE).exit_code == 2
    with pytest.raises(ConfigError, match="unknown key 'config'"):
        (project / "cleaner.toml").write_text('config = "x"\n', encoding="utf-8")
        load_config(None, known=["config", "script"])


def test_list_option_given_a_string_becomes_a_list(project):
    (project / "cleaner.toml").write_text('exclude = "drafts"\n', encoding="utf-8")
    cfg = load_config(None, known=["exclude"], multiple=["exclude"])
    assert cfg.values == {"exclude": ["drafts"]}
    assert cfg.path == str(Path.cwd().parent.parent / "cleaner.toml")
