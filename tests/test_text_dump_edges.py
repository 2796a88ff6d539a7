"""Text dumps: short pages, short-line content and the edges of the article (issue 13, families 1 and 2).

Small synthetic dumps; each test asserts which lines stay and which go, with the rule id.
"""
from __future__ import annotations

from cleaner.document import Document
from cleaner.parse import parse_text
from cleaner.strip import strip

# a short post: near-good prose (a sentence, under the "good" size), no paragraph anchors the page
POST = "Leelee looks like she walked out of the pages of a vintage magazine in this coat, and I love it."
REPLIES = ["Gorgeous!", "Can't take my eyes from this picture, it is the best one of the whole show for me.",
           "Is she a real human being?", "She is beautiful and different, and her coat is so good."]


def page(*blocks: str) -> Document:
    doc = Document("t.txt", format="text", blocks=parse_text("\n\n".join(blocks)))
    return strip(doc)


def kept(doc: Document) -> list[str]:
    return [b.text for b in doc.kept]


def test_a_short_post_loses_the_comments_after_it():
    comments = []
    for name, reply in zip(["Eva", "Maria", "Tine", "Chuck"], REPLIES):
        comments += [name, "September 29, 2012, | Permalink", reply]
    doc = page("At the show", "hanneli.com", "Fashion Week Diary", POST, "57 Comments", *comments, "Fashion blog since 2008")
    # nothing anchors the page (no good paragraph): its head stays as it is, the comments go
    assert kept(doc) == ["At the show", "hanneli.com", "Fashion Week Diary", POST]
    dropped = {b.text: b.reason for b in doc.blocks if not b.keep}
    assert dropped["57 Comments"] == "comment"
    assert all(dropped[r] == "comment" for r in REPLIES) and dropped["Fashion blog since 2008"] == "comment"
    assert "comment section" in next(b for b in doc.blocks if b.text == REPLIES[1]).detail


def test_a_short_page_without_comments_keeps_everything():
    doc = page("At the show", "hanneli.com", "Fashion Week Diary", POST, *REPLIES)
    assert kept(doc) == ["At the show", "hanneli.com", "Fashion Week Diary", POST, *REPLIES]
