"""Held-out check of the spam detector: inject SEO lines it was not tuned on into corpus text dumps.

Two lines of ``HELD_OUT`` (new wordings of the families of issue 13, family 7; none of them is an
example in ``cleaner/rules/spam.toml``) go into every ``input.txt`` of the corpus, one in the middle
of the page and one at its end; the copies are cleaned in one batch (``--disable template``: each
page's own rules only) and the script counts the injected lines that survive, per line.

    python benchmarks/spam_injection.py --corpus ../shared/corpus
"""
from __future__ import annotations

import argparse
import glob
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter

HELD_OUT = """\
Buy Viagra Online Cheap Without Prescription Overnight Delivery
tadalafil 20mg buy online cheap
order phentermine online no prescription
Canadian Pharmacy Viagra Generic Cialis Discount
Top 10 Online Casino Sites - Claim Your Free Spins Today
Real Money Online Slots - No Deposit Bonus Codes
Agen Judi Bola Terpercaya Daftar Sekarang
Instant Payday Loans No Credit Check Direct Lender
Get Cash Advance Online Guaranteed Approval
Bad Credit Loans Online - Apply Now
Best Swiss Replica Watches Online Store
Rolex Replica Watches Cheap Sale
Replica Handbags Louis Vuitton Outlet
Cheap Jerseys From China Free Shipping
Custom Essay Writing Service - Write My Essay Today
Buy Essay Papers Online Cheap
pay someone to do my homework cheap
澳門娛樂城 註冊即送彩金
台灣運彩 賽事分析推薦
線上娛樂城推薦 首存優惠
百家樂娛樂城推薦
幸运飞艇开奖直播
极速赛车计划app下载
香港马会资料 一肖一码
马会资料大全免费
白小姐今期四不像图
管家婆彩图资料大全
新澳门六开彩资料
六合彩资料心水论坛
时时彩计划群qq123456
北京赛车pk10开奖记录
快三平台注册送彩金
加拿大28计划微信13912345678
重庆时时彩官网xkqz
""".splitlines()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus"))
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--clean", default="clean", help="the clean command (default: clean on PATH)")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    cases = sorted(glob.glob(os.path.join(args.corpus, "*", "*", "input.txt")))
    if not cases:
        sys.exit(f"no input.txt under {args.corpus}")
    with tempfile.TemporaryDirectory() as work:
        src, out = os.path.join(work, "in"), os.path.join(work, "out")
        os.makedirs(src)
        injected = {}
        for case in cases:
            name = "__".join(case.split(os.sep)[-3:-1])
            with open(case, encoding="utf-8") as fh:
                lines = fh.read().split("\n")
            picks = rng.sample(HELD_OUT, 2)
            mid = len(lines) // 2
            lines = lines[:mid] + ["", picks[0], ""] + lines[mid:] + ["", picks[1]]
            with open(os.path.join(src, name + ".txt"), "w", encoding="utf-8") as fh:
                fh.write("\n".join(lines))
            injected[name] = picks
        subprocess.run([args.clean, "-q", "--disable", "template", src, "-o", out], check=False)
        left: Counter = Counter()
        for name, picks in injected.items():
            with open(os.path.join(out, name + ".md"), encoding="utf-8") as fh:
                text = fh.read()
            left.update(p for p in picks if p in text)
    print(f"injected {2 * len(injected)} lines into {len(injected)} pages; left in the outputs: {sum(left.values())}")
    for line, n in left.most_common():
        print(f"  {n:3d}  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
