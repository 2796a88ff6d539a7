"""Chinese boilerplate, mentions and glued spam injected into the article of each Chinese text dump.

Into every Chinese ``input.txt`` of the corpus (cwced, readability zh), inside the article (between
two of its gold paragraphs, where the page-position rules cannot help): one line of page furniture,
one article sentence that merely mentions a boilerplate word, and an SEO trailer glued to the end of
a gold paragraph.  Wordings are not the lexicons' entries or examples (``cleaner/rules/*.toml``),
half Simplified, some Traditional.  Counts what survives (furniture, trailers: should not) and what
is lost (mentions, the paragraphs that carried a trailer: should not be).

    python benchmarks/zh_injection.py --corpus ../shared/corpus
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import random
import re
import subprocess
import sys
import tempfile

FURNITURE = """\
（责任编辑：张婷）
監製：陳大文
本文来源：经济日报
扫码下载客户端
打开APP 查看更多精彩内容
用微信扫码二维码 分享至好友和朋友圈
微信 微博 QQ空间 复制链接
上一篇：我市召开安全生产工作会议
下一則：北市公車明起調整路線
24小时热点排行
热门新闻排行
你可能也喜歡
更多精彩推荐
为您推荐
熱門新聞
版权所有：中国日报网 未经授权禁止转载
粤ICP备09034567号-3
滬公網安備 31010602000000號
违法和不良信息举报电话：010-12345678
本网站所刊载信息，不代表本站观点。如需转载请与本站联系。
已有2,345人参与
网友评论 请文明上网，理性发言
【字号 大 中 小】【打印】【关闭】
字体：大 中 小
【我要纠错】
打印本页 关闭窗口
首页 > 国内新闻 > 正文
您现在的位置：首页 > 社会
阅读数：3,456
瀏覽次數：1024
举报/反馈
下载客户端 独家抢先看
打开APP阅读全文
""".splitlines()

MENTIONS = """\
该报道发表后被多家网站未经授权转载，作者已委托律师维权。
据介绍，未取得ICP备案的网站将被依法关停。
他表示，版权所有者有权要求平台删除侵权内容。
活动现场，市民扫码即可领取免费的防疫物资。
排行榜前十名中，有七家是民营企业。
网友评论说，这是近年来最好看的一部国产电影。
截至发稿时，已有超过3000人参与网上投票。
監製這部電影的製片人表示，拍攝工作已經完成。
舉報電話開通以來，共收到群眾舉報線索二百餘條。
警方表示，近期以时时彩为名的网络诈骗案件有所增多。
""".splitlines()

TRAILERS = """\
重庆时时彩开奖wxyz
北京赛车pk10走势图
幸運飛艇計劃
澳門娛樂城註冊
台灣運彩分析qkz
马会资料大全
极速赛车qwer
新疆时时彩
六合彩资料心水
快3计划群
""".splitlines()

# A second set, written after the lexicons of this round were final and not tuned on (``--set 2``)
FURNITURE_2 = """\
（编辑：刘洋 审核：陈静）
責任編輯：林小華
稿件来源：新华社
扫描二维码 关注我们
长按二维码关注官方微信
打开客户端阅读全文
下载APP，看更多精彩内容
分享至微信朋友圈
點擊分享到Facebook
上一篇 下一篇
上一条：全市召开教育工作会议
本周热门排行
一周热点回顾
热门视频推荐
看了本文的人还看了
編輯精選
Copyright © 2005-2024 人民网 版权所有
蘇ICP備05001234號
未经本网书面授权，不得转载、摘编或以其他方式使用
本站部分内容来自网络，如有侵权请联系删除
共有326条评论
已有45人评论
发表您的评论
網友留言
字號：小 中 大
【打印本文】【关闭窗口】
返回首頁
回到頂部
首页 >> 财经频道 >> 正文
當前位置：首頁 > 新聞中心
点击数：2,351
浏览：1,024次
纠错/举报
""".splitlines()

MENTIONS_2 = """\
法院认为，被告未经许可擅自转载原告作品，构成侵权。
该平台的ICP备案信息显示，其运营主体为一家科技公司。
不少市民表示，扫一扫就能完成缴费，十分方便。
他在微博上回应说，下一篇报道将聚焦乡村教育。
網友留言指出，這項政策對中小企業衝擊很大。
据了解，该公司此前已多次被举报，但一直未受处罚。
在这份排行榜上，中国企业数量首次超过美国。
未經授權使用他人照片，可能觸犯著作權法。
版权归属问题一直是数字音乐行业的焦点。
该剧由知名导演监制，预计明年暑期上映。
""".splitlines()

TRAILERS_2 = """\
分分彩计划
北京pk拾开奖
香港六合彩开奖直播
幸运28预测
百家乐技巧zxcv
娛樂城體驗金
運彩推薦
一肖一码免费
极速赛车开奖网
江苏快3走势图
""".splitlines()

_HAN = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")


def han_key(text: str, fold) -> str:
    return "".join(_HAN.findall(fold(text).replace("著", "着"))).lower()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpus"))
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--clean", default="clean", help="the clean command (default: clean on PATH)")
    ap.add_argument("--set", type=int, choices=(1, 2), default=1, help="which wordings (2: written after the lexicons)")
    ap.add_argument("--keep", metavar="DIR", help="copy the injected inputs there (to look at with clean --explain)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every survivor and loss")
    args = ap.parse_args(argv)
    from cleaner.script import fold
    rng = random.Random(args.seed)
    cases = []
    for meta in sorted(glob.glob(os.path.join(args.corpus, "*", "*", "meta.json"))):
        with open(meta, encoding="utf-8") as fh:
            if json.load(fh).get("lang") == "zh":
                cases.append(os.path.dirname(meta))
    plan = {}
    with tempfile.TemporaryDirectory() as work:
        src, out = os.path.join(work, "in"), os.path.join(work, "out")
        os.makedirs(src)
        for case in cases:
            name = "__".join(case.split(os.sep)[-2:])
            with open(os.path.join(case, "input.txt"), encoding="utf-8") as fh:
                blocks = fh.read().split("\n\n")
            with open(os.path.join(case, "gold.txt"), encoding="utf-8") as fh:
                gold = {g.strip() for g in fh if g.strip()}
            at = [i for i, b in enumerate(blocks) if b.strip() in gold]
            if len(at) < 3:
                continue
            furn, ment, trail = (rng.choice(FURNITURE), rng.choice(MENTIONS), rng.choice(TRAILERS)) if args.set == 1 \
                else (rng.choice(FURNITURE_2), rng.choice(MENTIONS_2), rng.choice(TRAILERS_2))
            host = next((i for i in at[1:] if blocks[i].rstrip().endswith(("。", "！", "？"))), None)
            host_text = None
            if host is not None:
                host_text = blocks[host].rstrip()
                blocks[host] = host_text + trail
            # after gold paragraphs inside the article (never after its first: often the headline)
            # (the mention before the furniture: a furniture line may end the article, as it does on a page)
            early, mid = at[max(1, len(at) // 2 - 1)], at[len(at) // 2]
            blocks.insert(mid + 1, furn)
            blocks.insert(early + 1, ment)
            with open(os.path.join(src, name + ".txt"), "w", encoding="utf-8") as fh:
                fh.write("\n\n".join(blocks))
            plan[name] = (furn, ment, trail if host is not None else None, host_text)
        if args.keep:
            import shutil
            shutil.copytree(src, args.keep, dirs_exist_ok=True)
        subprocess.run([args.clean, "-q", "--disable", "template", src, "-o", out], check=False)
        tally = {"furniture left": [], "mention lost": [], "trailer left": [], "host lost": []}
        for name, (furn, ment, trail, host_text) in plan.items():
            with open(os.path.join(out, name + ".md"), encoding="utf-8") as fh:
                text = fh.read()
            lines = {han_key(l, fold) for l in text.split("\n")}
            whole = han_key(text, fold)
            if han_key(furn, fold) in lines:
                tally["furniture left"].append((name, furn))
            if han_key(ment, fold) not in whole:
                tally["mention lost"].append((name, ment))
            if trail is not None:
                if han_key(trail, fold) in whole:
                    tally["trailer left"].append((name, trail))
                if han_key(host_text[-30:], fold) not in whole:
                    tally["host lost"].append((name, host_text[-30:]))
    n_trail = sum(1 for p in plan.values() if p[2] is not None)
    print(f"{len(plan)} pages: furniture left {len(tally['furniture left'])}/{len(plan)}, "
          f"mentions lost {len(tally['mention lost'])}/{len(plan)}, trailers left {len(tally['trailer left'])}/{n_trail}, "
          f"paragraphs with a trailer lost {len(tally['host lost'])}/{n_trail}")
    if args.verbose:
        for k, v in tally.items():
            for name, t in v:
                print(f"  {k}: {name}: {t}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
