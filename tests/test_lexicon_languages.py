"""Lexicon coverage beyond Chinese and English: a Korean news dump's menu, stamp, share bar and
notice go with their rule ids, and its article stays whole (issue 13, family 2)."""
from __future__ import annotations

from cleaner.pipeline import clean_document
from cleaner.read import read_bytes
from cleaner.rules import default_rules
from cleaner.settings import Settings

ARTICLE = [
    "(서울=연합뉴스) 홍길동 기자 = 서울시는 다음 달부터 지하철 기본요금을 150원 올린다고 12일 밝혔다. 시는 그동안 누적된 "
    "적자와 물가 상승을 고려해 이같이 결정했으며, 시민들의 부담을 줄이기 위해 단계적으로 인상하기로 했다고 설명했다.",
    "시 관계자는 \"운영 적자가 해마다 늘어나 요금 조정이 불가피했다\"며 \"대신 노인과 청소년 할인은 그대로 유지하고, 심야 "
    "시간대 배차 간격을 줄이는 등 서비스를 개선하겠다\"고 말했다.",
    "시민단체들은 이번 인상이 서민 가계에 부담이 될 것이라며 반발하고 있다. 한 단체는 성명을 내고 \"공공요금 인상은 "
    "신중해야 한다\"며 시의회가 충분한 논의를 거쳐야 한다고 주장했다.",
]
JUNK = {"전체메뉴": "nav", "로그인": "nav", "입력 2023.07.12 10:30": "byline", "페이스북 트위터 카카오톡": "share",
        "url복사": "share", "<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>": "copyright", "많이 본 기사": "nav"}


def test_a_korean_news_dumps_boilerplate_goes_and_its_article_stays():
    lines = ["전체메뉴", "로그인", "서울 지하철 요금 인상 확정", "입력 2023.07.12 10:30", *ARTICLE,
             "페이스북 트위터 카카오톡", "url복사", "<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>", "많이 본 기사"]
    doc = clean_document(read_bytes("\n\n".join(lines).encode(), source="ko.txt"), Settings(), default_rules())
    kept = [b.text for b in doc.kept]
    assert all(p in kept for p in ARTICLE) and "서울 지하철 요금 인상 확정" in kept
    dropped = {r.text: r.reason for r in doc.removals}
    assert {line: dropped.get(line) for line in JUNK} == JUNK


def test_a_sentence_about_copyright_in_korean_or_japanese_stays():
    # the notices' own words ("무단 전재", "無断転載"), never the bare word for copyright
    lines = ["저작권 논란", "저작권자들은 이번 판결로 창작자의 권리가 한층 강화될 것이라고 기대했다.",
             *ARTICLE, "著作権法の改正案が国会で可決され、来年から施行される。"]
    doc = clean_document(read_bytes("\n\n".join(lines).encode(), source="ko.txt"), Settings(), default_rules())
    kept = [b.text for b in doc.kept]
    assert lines[1] in kept and lines[-1] in kept
