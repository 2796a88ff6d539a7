"""cleaner.dask against a LocalCluster: outputs byte-identical to the local pipeline and CLI."""
from __future__ import annotations

import collections
import os
import shutil

import pytest

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")
pytest.importorskip("dask.dataframe")

import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from cleaner import Settings, clean_text  # noqa: E402
from cleaner import dask as cdask  # noqa: E402
from cleaner import template as template_module  # noqa: E402
from cleaner.cli import main  # noqa: E402
from cleaner.document import Document  # noqa: E402
from cleaner.pipeline import clean_file  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SEEDS = os.path.join(REPO, "seeds")


def _corpus() -> str | None:
    for cand in (os.environ.get("CLEANER_CORPUS"), os.path.join(REPO, "..", "shared", "corpus"), "/work/shared/corpus"):
        if cand and os.path.isfile(os.path.join(cand, "MANIFEST.json")):
            return cand
    return None


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as c:
        yield c


@pytest.fixture(scope="module")
def client(cluster):
    with distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """A small input tree: the seeds, a few corpus pages (text and HTML, zh and other) and one bad file."""
    root = tmp_path_factory.mktemp("in")
    for name in sorted(os.listdir(SEEDS)):
        shutil.copy(os.path.join(SEEDS, name), root / name)
    corpus = _corpus()
    if corpus:
        cases = []
        for source in ("cwced", "readability", "scrapinghub"):
            sdir = os.path.join(corpus, source)
            if os.path.isdir(sdir):
                cases += [os.path.join(sdir, c) for c in sorted(os.listdir(sdir))[:2]]
        for i, case in enumerate(cases):
            sub = root / os.path.basename(os.path.dirname(case))
            sub.mkdir(exist_ok=True)
            shutil.copy(os.path.join(case, "input.txt"), sub / f"{os.path.basename(case)}.txt")
            if i % 2 == 0:
                shutil.copy(os.path.join(case, "input.html"), sub / f"{os.path.basename(case)}-page.html")
    (root / "empty.txt").write_bytes(b"")
    return str(root)


def _tree(path: str) -> dict[str, bytes]:
    out = {}
    for dirpath, _, names in os.walk(path):
        for n in names:
            full = os.path.join(dirpath, n)
            out[os.path.relpath(full, path)] = open(full, "rb").read()
    return out


@pytest.fixture(scope="module")
def local_run(inputs, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("local"))
    result = CliRunner().invoke(main, [inputs, "-o", out, "-q"])
    assert result.exit_code == 1          # the empty file fails, the rest is written
    return out


def test_batch_on_cluster_gives_the_local_output_tree(cluster, inputs, local_run, tmp_path, capsys):
    out = str(tmp_path / "dask")
    done, failed = cdask.run_batch_on_cluster(cluster.scheduler_address, [inputs], out, Settings())
    local = _tree(local_run)
    assert len(local) >= 2 and done == len(local) and failed == 1
    assert _tree(out) == local
    assert "empty.txt: empty input" in capsys.readouterr().err


def test_batch_on_cluster_sending_bytes_and_small_chunks_keeps_order(client, inputs, local_run):
    results = list(cdask.clean_on_cluster(client, [inputs], Settings(), chunk_size=1, in_flight=2,
                                          send_bytes=True))
    assert [r["path"] for r in results] == [src for src, _ in cdask.expand_inputs([inputs])]
    local = _tree(local_run)
    for r in results:
        if r["error"] is None:
            assert r["output"].encode("utf-8") == local[os.path.splitext(r["rel"])[0] + ".md"]


def test_bag_of_paths_and_of_records(client, inputs, local_run):
    pairs = [(s, r) for s, r in cdask.expand_inputs([inputs]) if not s.endswith("empty.txt")]
    paths = [s for s, _ in pairs]
    local = _tree(local_run)
    expected = [local[os.path.splitext(r)[0] + ".md"] for _, r in pairs]
    got = cdask.clean_bag(db.from_sequence(paths, npartitions=3)).compute()
    assert [g["output"].encode("utf-8") for g in got] == expected
    assert all(g["error"] is None and g["path"] == p for g, p in zip(got, paths))
    records = [{"path": p, "text": open(p, encoding="utf-8").read()} for p in paths]
    got = cdask.clean_bag(db.from_sequence(records, npartitions=2)).pluck("output").compute()
    assert [g.encode("utf-8") for g in got] == expected


def test_bag_of_bytes_reports_errors_without_failing(client):
    data = [open(os.path.join(SEEDS, n), "rb").read() for n in sorted(os.listdir(SEEDS))] + [b"", b"\x00\x01\x02"]
    got = cdask.clean_bag(db.from_sequence(data, npartitions=2)).compute()
    assert got[0]["output"] == clean_text(data[0].decode("utf-8"))
    assert [g["error"] for g in got[-2:]] == ["empty input", "binary file, not text"]
    assert got[-1]["output"] is None


def test_dataframe_column(client):
    texts = [open(os.path.join(SEEDS, n), encoding="utf-8").read() for n in sorted(os.listdir(SEEDS))]
    texts += ["<html><body><h1>標題</h1><p>這是一個測試段落，內容足夠長，用來確認轉換成簡體中文。</p></body></html>", None]
    df = dd.from_pandas(pd.DataFrame({"text": texts}), npartitions=2)
    got = cdask.clean_series(df["text"], Settings(script="hans")).compute()
    assert list(got[:-1]) == [clean_text(t, Settings(script="hans")) for t in texts[:-1]]
    assert got.iloc[-1] is None
    assert "这是一个测试段落" in got.iloc[-2]


def test_pandas_series_gives_what_the_dask_column_gives(client):
    """clean_series takes a pandas Series too (at once, no cluster); bad cells (None, NaN, bytes of
    garbage, empty) give None without stopping the column."""
    texts = [open(os.path.join(SEEDS, n), encoding="utf-8").read() for n in sorted(os.listdir(SEEDS))]
    texts += ["<form><input></form><h1>標題</h1><p>這是一個測試段落，內容足夠長，用來確認轉換成簡體中文。</p>",
              None, float("nan"), b"\x00\x01" * 40, "", "简体文章的字节。".encode("utf-8") * 5]
    series = pd.Series(texts, name="html", index=range(10, 10 + len(texts)))
    got = cdask.clean_series(series, Settings(script="hans"))
    assert isinstance(got, pd.Series) and list(got.index) == list(series.index) and got.name == "html"
    assert list(got[:len(texts) - 6]) == [clean_text(t, Settings(script="hans")) for t in texts[:-6]]
    assert "这是一个测试段落" in got.iloc[-6]
    assert got.iloc[-5] is None and got.iloc[-4] is None and got.iloc[-3] is None and got.iloc[-2] is None
    assert "简体文章" in got.iloc[-1]
    dask_got = cdask.clean_series(dd.from_pandas(series, npartitions=2), Settings(script="hans")).compute()
    assert list(dask_got) == list(got)


# ------------------------------------------------------------------ template learning across workers

class FakeIndex:
    """Stands in for cleaner.template: a line seen in 3+ files is dropped."""

    def __init__(self, lines):
        self.lines = frozenset(lines)

    @classmethod
    def from_counts(cls, counts: collections.Counter):
        return cls(k for k, n in counts.items() if n >= 3)

    def apply(self, doc: Document, *thresholds) -> None:
        for b in doc.blocks:
            if b.keep and b.text.strip() in self.lines:
                b.drop("template", "seen in 3+ files")


def fake_fingerprints(doc: Document) -> set[str]:
    return {b.text.strip() for b in doc.blocks}


def _fake_template(monkeypatch, min_batch: int) -> None:
    monkeypatch.setattr(template_module, "fingerprints", fake_fingerprints)
    monkeypatch.setattr(template_module, "TemplateIndex", FakeIndex)
    monkeypatch.setattr(template_module, "MIN_BATCH", min_batch)


@pytest.fixture
def fake_template(monkeypatch):
    _fake_template(monkeypatch, 3)


@pytest.fixture
def templated_inputs(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    body = ["市场监管部门今天发布通知，要求各地加强对食品安全的日常检查，并公布了抽检结果。",
            "专家表示，这项措施将有助于提高消费者的信心，同时也对企业提出了更高的要求。",
            "记者在现场看到，工作人员正在逐一核对商品的标签和生产日期，检查十分细致。"]
    for i in range(4):
        lines = [f"第{i}号新闻标题", "本站热门栏目推荐入口", body[i % 3] + f"（第{i}篇）", "欢迎订阅我们的每日简报服务"]
        (root / f"a{i}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return str(root)


def test_template_is_learned_over_the_whole_batch(fake_template, client, cluster, templated_inputs, tmp_path):
    paths = [s for s, _ in cdask.expand_inputs([templated_inputs])]
    # the local pipeline with the index learned from every file
    n, counts = cdask.count_fingerprints(cdask.fingerprint_record(p) for p in paths)
    index = FakeIndex.from_counts(counts)
    assert n == 4
    assert "本站热门栏目推荐入口" in index.lines and len(index.lines) == 2
    expected = [clean_file(p, template=index)[1] for p in paths]
    # one file per partition: a per-partition count would never reach 3
    got = cdask.clean_bag(db.from_sequence(paths, npartitions=len(paths))).pluck("output").compute()
    assert got == expected
    assert all("本站热门栏目推荐入口" not in g and "每日简报" not in g for g in got)
    out = str(tmp_path / "out")
    cdask.run_batch_on_cluster(cluster.scheduler_address, [templated_inputs], out, Settings())
    assert [open(os.path.join(out, f"a{i}.md"), encoding="utf-8").read() for i in range(4)] == expected


def test_template_off_when_disabled(fake_template, client, templated_inputs):
    paths = [s for s, _ in cdask.expand_inputs([templated_inputs])]
    got = cdask.clean_bag(db.from_sequence(paths, npartitions=2), Settings(disable=("template",))).compute()
    assert all("本站热门栏目推荐入口" in g["output"] for g in got)
    assert cdask.learn_template(db.from_sequence(paths), Settings(disable=("template",))) is None


def test_worker_processes_give_the_same_bytes(inputs, local_run, tmp_path):
    """Real worker processes: settings, rules and results cross process boundaries (pickled)."""
    out = str(tmp_path / "procs")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as c:
        done, failed = cdask.run_batch_on_cluster(c.scheduler_address, [inputs], out, Settings())
    assert failed == 1 and _tree(out) == _tree(local_run)


def test_no_template_below_the_smallest_learning_batch(monkeypatch, client, templated_inputs):
    """Like the local batch: fewer files than template.MIN_BATCH learn nothing."""
    _fake_template(monkeypatch, 5)
    paths = [s for s, _ in cdask.expand_inputs([templated_inputs])]
    assert cdask.learn_template(db.from_sequence(paths, npartitions=2)).compute() is None
    got = list(cdask.clean_on_cluster(client, [templated_inputs]))
    assert len(got) == 4 and all("本站热门栏目推荐入口" in g["output"] for g in got)


def test_missing_dask_is_one_clear_line(monkeypatch):
    import builtins

    real = builtins.__import__

    def no_distributed(name, *a, **kw):
        if name == "distributed":
            raise ImportError("No module named 'distributed'", name="distributed")
        return real(name, *a, **kw)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    with pytest.raises(ImportError, match=r"distributed is missing\): pip install 'cleaner\[dask\]'"):
        cdask.require()


def test_cli_scheduler_option_gives_the_local_output_tree(cluster, inputs, local_run, tmp_path):
    out = str(tmp_path / "via-cli")
    result = CliRunner().invoke(main, ["--scheduler", cluster.scheduler_address, inputs, "-o", out])
    assert result.exit_code == 1                      # the empty input fails, as in the local run
    assert "empty.txt: empty input" in result.stderr
    assert _tree(out) == _tree(local_run)


def _cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_cli_scheduler_honours_include_exclude_report_and_summary(cluster, inputs, tmp_path):
    """The options the local run honours give the same files, report and summary through --scheduler."""
    opts = ["--include", "*.txt", "--exclude", "cwced", "-o"]
    local = _cli(inputs, *opts, tmp_path / "local", "--report", tmp_path / "local.json")
    remote = _cli("--scheduler", cluster.scheduler_address, inputs, *opts, tmp_path / "remote",
                  "--report", tmp_path / "remote.json")
    assert remote.exit_code == local.exit_code == 1
    assert _tree(str(tmp_path / "remote")) == _tree(str(tmp_path / "local"))
    assert not any(k.endswith(".html.md") or k.startswith("cwced") for k in _tree(str(tmp_path / "remote")))
    import json
    rep_l, rep_r = (json.load(open(tmp_path / f"{n}.json")) for n in ("local", "remote"))
    strip = lambda rep: [{k: v for k, v in f.items() if k not in ("seconds", "output")} for f in rep["files"]]  # noqa: E731
    assert strip(rep_r) == strip(rep_l)
    assert rep_r["summary"]["exit_code"] == 1
    # the one-line summary, as locally
    assert remote.stderr.strip().splitlines()[-1].split(",")[0] == local.stderr.strip().splitlines()[-1].split(",")[0]


def test_cli_scheduler_verbose_quiet_check_and_explain(cluster, inputs, tmp_path):
    out = tmp_path / "out"
    v = _cli("--scheduler", cluster.scheduler_address, inputs, "-o", out, "-v")
    assert "written" in v.stderr and "empty.txt: empty input" in v.stderr
    q = _cli("--scheduler", cluster.scheduler_address, inputs, "-o", out, "-q")
    assert q.stderr.strip() == f"{os.path.join(inputs, 'empty.txt')}: empty input"
    check = _cli("--scheduler", cluster.scheduler_address, inputs, "-o", out, "--check")
    assert check.exit_code == 1          # only the empty file fails: every output is up to date
    assert "0 files would change" in check.stderr
    explain = _cli("--scheduler", cluster.scheduler_address, inputs, "--explain")
    local = _cli(inputs, "--explain")
    assert explain.stdout == local.stdout and explain.stdout


def test_cli_scheduler_refuses_jobs_with_exit_2(cluster, inputs, tmp_path):
    result = _cli("--scheduler", cluster.scheduler_address, "-j", "2", inputs, "-o", tmp_path)
    assert result.exit_code == 2 and "--scheduler" in result.stderr


def test_cluster_output_names_resolve_collisions_as_the_local_batch(cluster, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes(open(os.path.join(SEEDS, sorted(os.listdir(SEEDS))[0]), "rb").read())
    (src / "a.md").write_text("# Another article\n\nIts only paragraph, long enough to be kept as prose.\n")
    local, remote = str(tmp_path / "local"), str(tmp_path / "remote")
    assert CliRunner().invoke(main, [str(src), "-o", local, "-q"]).exit_code == 0
    done, failed = cdask.run_batch_on_cluster(cluster.scheduler_address, [str(src)], remote, Settings())
    assert (done, failed) == (2, 0)
    assert sorted(_tree(local)) == ["a.md", "a.txt.md"] and _tree(remote) == _tree(local)


def test_scheduler_learns_what_the_local_batch_learns_beyond_one_bucket(cluster, tmp_path, monkeypatch):
    """Past template.BUCKET_FILES files the local batch counts lossily; --scheduler counts the same way
    (an exact count would call a line seen in 3 far-apart files template, the local batch would not)."""
    from cleaner import template
    monkeypatch.setattr(template, "BUCKET_FILES", 40)          # (threads: the workers see it too)
    src = tmp_path / "site"
    src.mkdir()
    for i in range(120):
        lines = [f"第{i}号新闻标题", "本站热门栏目推荐入口",
                 f"市场监管部门今天发布第{i}号通知，要求各地加强对食品安全的日常检查，并公布了抽检结果。"]
        if i in (0, 50, 100):
            lines.append("难得一见的一行字")                       # in 3 files, a bucket and more apart
        (src / f"a{i:03d}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    local = tmp_path / "local"
    r = CliRunner().invoke(main, ["-q", "-j", "1", str(src), "-o", str(local)], catch_exceptions=False)
    assert r.exit_code == 0
    out = str(tmp_path / "cluster")
    assert cdask.run_batch_on_cluster(cluster.scheduler_address, [str(src)], out, Settings()) == (120, 0)
    assert _tree(out) == _tree(str(local))
    assert "难得一见的一行字" in (local / "a050.md").read_text(encoding="utf-8")
    assert "本站热门栏目推荐入口" not in (local / "a050.md").read_text(encoding="utf-8")


def test_cli_scheduler_unreachable_is_one_line_not_a_traceback(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("一篇文章的正文，足够长，可以保留下来。\n", encoding="utf-8")
    monkeypatch.setattr(cdask.ClusterExecutor.__init__, "__defaults__", (16, None, 1))   # (connect_timeout=1 s)
    result = _cli("--scheduler", "tcp://127.0.0.1:9", tmp_path / "a.txt", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "cannot use the Dask scheduler tcp://127.0.0.1:9" in result.stderr and "Traceback" not in result.stderr


def test_scheduler_learns_templates_per_site_as_the_local_batch(cluster, tmp_path):
    """Templates per site (canonical host, else folder): --scheduler reads the same fingerprints."""
    src = tmp_path / "in"
    prose = "The committee met on Tuesday to review the budget, and its members agreed that the plan " \
            "needed more time before a vote could be taken by the full council of the city. "
    for i, host in enumerate(["alpha.org", "beta.com", "gamma.net", "alpha.org", "alpha.org"]):
        sub = src / f"d{i}"
        sub.mkdir(parents=True)
        (sub / f"p{i}.html").write_text(
            f'<html><head><title>Story {i}</title><link rel="canonical" href="https://{host}/{i}"></head><body>'
            f"<article><h1>Story {i}</h1><p>{prose.replace('budget', f'budget {i}') * 2}</p>"
            f"<p>Tuesday edition of the Gazette</p></article></body></html>", encoding="utf-8")
    for i in range(3):
        (src / f"t{i}.txt").write_text(f"第{i}篇文章\n\n{prose.replace('city', f'city {i}') * 2}\n\n"
                                       f"本站特约撰稿人计划\n", encoding="utf-8")
    local = tmp_path / "local"
    assert CliRunner().invoke(main, ["-q", str(src), "-o", str(local)]).exit_code == 0
    out = str(tmp_path / "cluster")
    assert cdask.run_batch_on_cluster(cluster.scheduler_address, [str(src)], out, Settings()) == (8, 0)
    assert _tree(out) == _tree(str(local))
    texts = {k: v.decode("utf-8") for k, v in _tree(str(local)).items()}
    gazette = {k for k, v in texts.items() if "Tuesday edition of the Gazette" in v}
    assert gazette == {"d1/p1.md", "d2/p2.md"}            # alpha.org's three pages learned it, not the others
    assert not any("本站特约撰稿人计划" in v for k, v in texts.items() if k.startswith("t"))
