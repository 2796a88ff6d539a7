"""Build the labelled script-detection set ``script_detection.jsonl.gz`` from the corpus pages.

    python tests/data/make_script_set.py [/work/shared/corpus] [-o tests/data/script_detection.jsonl.gz]

For every Chinese page of the corpus (its gold text, cut to ``MAX_CHARS`` at a
line end), a Simplified base is taken (Traditional pages: ``tw2s`` of it), and
from it, with a fixed random seed:

* ``hans``            the Simplified base
* ``hant`` / ""       ``s2t``  (OpenCC standard forms)
* ``hant`` / "tw"     ``s2tw``
* ``hant`` / "hk"     ``s2hk``
* ``mixed`` / half    30–70 % of the sentences converted with s2t, s2tw or s2hk
* ``mixed`` / sloppy  a full ``s2tw`` conversion with 5–30 % of the converted
  characters put back in Simplified (the signature of a careless converter:
  the seed page is 95 % Traditional, 5 % leftovers)
* ``mixed`` / naive   a full ``s2tw`` conversion that left every character with
  several Traditional forms (于 后 里 并 …, ``ONE_TO_MANY``) in Simplified, as a
  character-table converter does — kept only where at least 3 characters and
  2 % of the converted ones were left over

Pages whose gold is itself of a known script are also kept as they are
(``natural``): the pixnet page (Traditional, Taiwan) and a sloppily converted
travel page (mixed).  Each line: {"id", "label", "region", "kind", "text"}.
"""
from __future__ import annotations

import argparse
import glob
import gzip
import json
import os
import random
import re

import opencc

MAX_CHARS = 1200
SEED = 20261125
# Natural pages with their own labels (checked by eye): (case, label, region).
NATURAL = {"readability/pixnet": ("hant", "tw"), "cwced/8f1cdd94": ("mixed", "")}
# Keys of OpenCC 1.4.2 data/dictionary/STCharacters.txt with more than one candidate (BMP, U+4E00..).
ONE_TO_MANY = frozenset(
    "万丑个丰了于云亘仆仇仑价仿伙余佛佣俊修借僵克党具冢冬冲凄准凌几凶出划别刮制勋千升卜占卤卷厂历厘参发只台叶叹吁吃合吊同"
    "后向吣呆周咨咸咽哄哗唇啮喂噪回团困坐坛坝坯埙堤复夫夸夹奸姜娘娴宁它家尝尸尽局岩岳巨布帘席干并幸广庵弥弦当录彩征径御志"
    "念恤恶愈愿戚扇才扎托扣折抵拐拿挂挨挽捆捍据搜摆斗斤斫旋昆暗曲札术朱朴杆杠杯杰松板极果枪柜栗核梁棱檗欲毁汇沈沾泛注浚涂"
    "涌淀游溪滟漓澄炼烟焰熏狸玩琅璇症皂矩确硷私秋种穗筑筱签糊系累纤绱绷耇胄背胜胡脏腊腌膻致舍艳芸苏苔苹范荐荡荫药获蒙蔑藤"
    "虫蚝蜡蝎表袅裥证谥谷豆象赝赞跖辟迹适郁酸采里鉴针钟钥钫钻铲链锄锫镋镎镢镰闲雇雕面须饥鹇")
_SENT = re.compile(r"(?<=[。！？!?；\n])")


def cut(text: str, limit: int = MAX_CHARS) -> str:
    if len(text) <= limit:
        return text.strip()
    end = text.rfind("\n", 0, limit)
    return text[: end if end > limit // 2 else limit].strip()


def differ(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b)) + abs(len(a) - len(b))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default="/work/shared/corpus")
    ap.add_argument("-o", "--output", default=os.path.join(os.path.dirname(__file__), "script_detection.jsonl.gz"))
    args = ap.parse_args()
    rng = random.Random(SEED)
    cc = {c: opencc.OpenCC(c) for c in ("s2t", "s2tw", "s2hk", "tw2s")}
    rows = []
    for d in sorted(glob.glob(os.path.join(args.corpus, "*", "*", "meta.json"))):
        meta = json.load(open(d, encoding="utf-8"))
        if meta.get("lang") != "zh":
            continue
        case = "/".join(d.split(os.sep)[-3:-1])
        gold = cut(open(os.path.join(os.path.dirname(d), "gold.txt"), encoding="utf-8").read())
        if case in NATURAL:
            label, region = NATURAL[case]
            rows.append({"id": f"{case}:natural", "label": label, "region": region, "kind": "natural", "text": gold})
            if label != "hant":
                continue
            base = cc["tw2s"].convert(gold)
        else:
            base = gold
        rows.append({"id": f"{case}:hans", "label": "hans", "region": "", "kind": "hans", "text": base})
        for cfg, region in (("s2t", ""), ("s2tw", "tw"), ("s2hk", "hk")):
            rows.append({"id": f"{case}:{cfg}", "label": "hant", "region": region, "kind": cfg,
                         "text": cc[cfg].convert(base)})
        sentences = [s for s in _SENT.split(base) if s]
        for _ in range(10):  # a mix must really hold both scripts: some sentences changed, some left
            share = rng.uniform(0.3, 0.7)
            cfg = rng.choice(("s2t", "s2tw", "s2hk"))
            mixed = "".join(cc[cfg].convert(s) if rng.random() < share else s for s in sentences)
            if differ(mixed, base) >= 3 and differ(mixed, cc[cfg].convert(base)) >= 3:
                rows.append({"id": f"{case}:half-{cfg}", "label": "mixed", "region": "", "kind": "half",
                             "text": mixed})
                break
        full = cc["s2tw"].convert(base)
        if len(full) == len(base):
            back = rng.uniform(0.05, 0.3)
            sloppy = "".join(s if s != t and rng.random() < back else t for s, t in zip(base, full))
            rows.append({"id": f"{case}:sloppy", "label": "mixed", "region": "tw", "kind": "sloppy", "text": sloppy})
            naive = "".join(s if s in ONE_TO_MANY else t for s, t in zip(base, full))
            left, converted = differ(naive, full), differ(base, full)
            if left >= 3 and left >= 0.02 * converted:
                rows.append({"id": f"{case}:naive", "label": "mixed", "region": "tw", "kind": "naive", "text": naive})
    with gzip.open(args.output, "wt", encoding="utf-8", compresslevel=9) as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} samples -> {args.output}")


if __name__ == "__main__":
    main()
