"""Build a reproducible benchmark workload from the evaluation corpus.

The corpus (``shared/corpus``) holds ~210 pages: about 3 MB of text dumps
(``input.txt``) and 42 MB of HTML (``input.html``).  A benchmark of a few
hundred MB replicates it, and plain byte copies would be a poor workload: batch
template learning (a line seen verbatim in 3+ files is site chrome) would drop
every short line of every article, and its fingerprint table would never grow.
So each copy ``k`` is a *variant* of the corpus:

* copy 0 is the corpus byte for byte (its outputs can be scored);
* in copy ``k >= 1`` every "content" character is replaced, deterministically,
  by another one of the same kind, while "chrome" characters stay:

  - Han characters outside a fixed set are rotated within their script class
    (Traditional-only → Traditional-only, Simplified-only → Simplified-only,
    neutral → neutral; classes computed from OpenCC ``t2s`` / ``s2t``), so
    script detection and OpenCC see the same mix and the same amount of work;
    the fixed set is the 1000 most frequent Han characters of the corpus plus
    the characters of common boilerplate and spam words, so navigation, credit
    lines, share prompts and spam terms mostly survive (as real site chrome does);
  - Latin words of 4+ letters that are not among the 1000 most frequent words
    get a two-letter Vigenère shift keyed by ``k`` (case kept), so English
    prose becomes unique per copy (distinct for ``k`` up to 675) and frequent
    words ("share", "copyright", "menu"…) stay;
  - in HTML only text between tags changes (tags, attributes, entities,
    ``<script>``, ``<style>`` and comments are left alone).

  Lengths in bytes, punctuation, digits, line structure and markup are kept.

Files go to ``OUT/c{k:03d}/{rank:04d}_{source}__{case}.{ext}``, where ``rank``
orders the cases by a hash of their name, so that the sources (Chinese blogs,
English news…) are interleaved and any prefix of the workload — the small
batch, a smoke run, the partial last copy — is a representative mix.  Copies
are added whole, the last one only until the size is reached.  ``manifest.json`` records the
parameters, counts and a SHA-256 of all bytes, so two builds can be compared.
Standard library plus ``opencc`` only.
"""
from __future__ import annotations

import collections
import hashlib
import json
import os
import re
import shutil
import sys

VERSION = 2          # bump when the transformation changes (invalidates cached workloads)
N_FIXED_HAN = 1000
N_FIXED_WORDS = 1000
KINDS = {"txt": "input.txt", "html": "input.html"}
# Characters of boilerplate and spam words that must survive the variation
# (they are common on real pages; the list is fixed here, not read from the
# project's rules, so the workload does not change when the rules do).
CHROME_WORDS = (
    "首页 新闻 主页 返回 顶部 上一篇 下一篇 上一页 下一页 相关 阅读 推荐 热门 最新 文章 评论 留言 分享 转发 收藏 "
    "点击 登录 注册 搜索 导航 网站 地图 联系 我们 关于 版权 所有 声明 责任 编辑 来源 作者 记者 通讯员 摄影 图片 "
    "本文 标签 栏目 频道 专题 更多 查看 打印 关闭 窗口 举报 扫一扫 微信 微博 二维码 客户端 下载 手机 订阅 "
    "广告 合作 服务 条款 隐私 投稿 邮箱 电话 地址 备案 许可证 公网安备 京ICP 粤 沪 "
    "時時彩 时时彩 六合彩 北京赛车 北京賽車 快3 百家乐 百家樂 彩票 博彩 娱乐 娛樂 赌场 賭場 投注 开奖 開獎 "
    "首頁 新聞 返回 頂部 上一篇 下一篇 相關 閱讀 推薦 熱門 文章 評論 留言 分享 轉發 收藏 點擊 登錄 註冊 搜尋 "
    "網站 地圖 聯繫 關於 版權 聲明 責任 編輯 來源 作者 記者 圖片 標籤 欄目 頻道 專題 更多 查看 列印 關閉"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"&#?\w+;|[A-Za-z]+")
_HTML_TOKENS = re.compile(r"(<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>)", re.S | re.I)


def default_corpus() -> str:
    """``../shared/corpus`` beside the repository (as CI lays it out), else /work/shared/corpus."""
    env = os.environ.get("CLEANER_CORPUS")
    if env:
        return env
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for cand in (os.path.join(here, "..", "shared", "corpus"), "/work/shared/corpus"):
        if os.path.isfile(os.path.join(cand, "MANIFEST.json")):
            return os.path.normpath(cand)
    return os.path.normpath(os.path.join(here, "..", "shared", "corpus"))


def corpus_cases(corpus: str) -> list[tuple[str, str]]:
    """(name, case folder) for every case, sorted by name (``source__case``)."""
    out = []
    for source in sorted(os.listdir(corpus)):
        sdir = os.path.join(corpus, source)
        if not os.path.isdir(sdir):
            continue
        for case in sorted(os.listdir(sdir)):
            cdir = os.path.join(sdir, case)
            if os.path.isfile(os.path.join(cdir, "input.txt")) and os.path.isfile(os.path.join(cdir, "input.html")):
                out.append((f"{source}__{case}", cdir))
    return out


def interleaved(cases: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The cases in a fixed pseudo-random order (by SHA-1 of the name), names prefixed with their rank."""
    order = sorted(cases, key=lambda c: hashlib.sha1(c[0].encode("utf-8")).hexdigest())
    return [(f"{i:04d}_{name}", case) for i, (name, case) in enumerate(order)]


class Variation:
    """The per-copy transformation (see the module docstring); built once per corpus."""

    def __init__(self, corpus: str):
        import opencc

        texts = [open(os.path.join(c, "input.txt"), encoding="utf-8", errors="replace").read()
                 for _, c in corpus_cases(corpus)]
        han = collections.Counter()
        words = collections.Counter()
        for t in texts:
            han.update(_HAN.findall(t))
            words.update(w.lower() for w in re.findall(r"[A-Za-z]+", t))
        fixed = {c for c, _ in sorted(han.items(), key=lambda x: (-x[1], x[0]))[:N_FIXED_HAN]}
        fixed |= set(_HAN.findall(CHROME_WORDS))
        self.fixed_words = {w for w, _ in sorted(words.items(), key=lambda x: (-x[1], x[0]))[:N_FIXED_WORDS]}
        chars = [chr(cp) for cp in range(0x4E00, 0xA000)]
        t2s = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
        s2t = opencc.OpenCC("s2t").convert("\n".join(chars)).split("\n")
        assert len(t2s) == len(s2t) == len(chars)
        classes: dict[str, list[str]] = {"trad": [], "simp": [], "neutral": []}
        for c, a, b in zip(chars, t2s, s2t):
            if c in fixed:
                continue
            classes["trad" if a != c else "simp" if b != c else "neutral"].append(c)
        self.pools = [p for p in classes.values() if len(p) > 1]
        self._tables: dict[int, dict[int, str]] = {}

    def han_table(self, k: int) -> dict[int, str]:
        if k not in self._tables:
            table = {}
            for pool in self.pools:
                n = len(pool)
                off = 1 + (k * 7919) % (n - 1)       # never 0: every copy moves every pool
                for i, c in enumerate(pool):
                    table[ord(c)] = pool[(i + off) % n]
            self._tables = {k: table}               # keep one: copies are built in order
        return self._tables[k]

    def text(self, s: str, k: int) -> str:
        if k == 0:
            return s
        s = s.translate(self.han_table(k))
        key = (k % 26, (k // 26) % 26)
        fixed = self.fixed_words

        def shift(m: re.Match) -> str:
            w = m.group()
            if w[0] == "&" or len(w) < 4 or w.lower() in fixed:
                return w
            out = []
            for j, ch in enumerate(w):
                base = 97 if ch >= "a" else 65
                out.append(chr(base + (ord(ch) - base + key[j % 2]) % 26))
            return "".join(out)

        return _WORD.sub(shift, s)

    def html(self, s: str, k: int) -> str:
        if k == 0:
            return s
        parts = _HTML_TOKENS.split(s)
        # even indexes are text between markup; odd ones the markup itself
        return "".join(self.text(p, k) if i % 2 == 0 else p for i, p in enumerate(parts))


def build(kind: str, size_mb: float, out: str, corpus: str | None = None, force: bool = False) -> dict:
    """Write the workload of ``kind`` ("txt" or "html") of at least ``size_mb`` MB (10^6 bytes) to ``out``.

    Reuses ``out`` when its manifest says it was built with the same parameters.
    Returns the manifest (keys: kind, size_mb, files, bytes, copies, sha256, version, corpus_files).
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {sorted(KINDS)}")
    corpus = corpus or default_corpus()
    cases = corpus_cases(corpus)
    if not cases:
        raise FileNotFoundError(f"no corpus cases under {corpus}")
    target = int(size_mb * 1_000_000)
    mpath = os.path.join(out, "manifest.json")
    params = {"kind": kind, "size_mb": size_mb, "version": VERSION, "corpus_files": len(cases)}
    if not force and os.path.isfile(mpath):
        with open(mpath) as fh:
            old = json.load(fh)
        if all(old.get(k) == v for k, v in params.items()):
            return old
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    var = Variation(corpus)
    ext = "txt" if kind == "txt" else "html"
    cases = interleaved(cases)
    total = files = 0
    digest = hashlib.sha256()
    k = 0
    while total < target:
        cdir = os.path.join(out, f"c{k:03d}")
        os.makedirs(cdir)
        for name, case in cases:
            if total >= target:
                break
            with open(os.path.join(case, KINDS[kind]), "rb") as fh:
                data = fh.read()
            if k:
                text = data.decode("utf-8", errors="surrogateescape")
                text = var.text(text, k) if kind == "txt" else var.html(text, k)
                data = text.encode("utf-8", errors="surrogateescape")
            with open(os.path.join(cdir, f"{name}.{ext}"), "wb") as fh:   # name: rank_source__case
                fh.write(data)
            digest.update(data)
            total += len(data)
            files += 1
        k += 1
    manifest = {**params, "files": files, "bytes": total, "copies": k, "sha256": digest.hexdigest()}
    with open(mpath, "w") as fh:
        json.dump(manifest, fh, indent=1)
    return manifest


def list_files(root: str) -> list[str]:
    """The workload's input files in the order ``clean`` walks them (sorted folders, sorted names)."""
    out = []
    for dirpath, dirs, names in os.walk(root):
        dirs.sort()
        out.extend(os.path.join(dirpath, n) for n in sorted(names) if n != "manifest.json" and not n.startswith("."))
    return out


if __name__ == "__main__":  # python benchmarks/workload.py txt 5 benchmarks/work/txt-5mb
    print(json.dumps(build(sys.argv[1], float(sys.argv[2]), sys.argv[3], force="--force" in sys.argv), indent=1))
