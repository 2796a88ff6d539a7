"""Main-content finding: the article wins over navigation, teasers, comments and listings."""
from hypothesis import given, settings, strategies as st

from cleaner.html.region import clean_dom, find_article, hints, prune_article
from cleaner.html.dom import parse_tree, text_of
from cleaner.pipeline import clean_bytes
from cleaner.settings import Settings

NO_FM = Settings(front_matter=False)
PROSE = ("The committee met on Tuesday to discuss the new budget, which had been delayed by months of debate. "
         "Members agreed that the plan, though imperfect, was the best available option for the city. ")


def article_text(html: str) -> str:
    root = parse_tree(html)
    clean_dom(root)
    nodes = find_article(root)
    prune_article(nodes)
    return " ".join(text_of(n, " ", strip=True) for n in nodes)


def test_article_split_over_sections_is_found_whole():
    sections = "".join(f"<section class='part'><h2>Part {i}</h2><p>{PROSE}</p></section>" for i in range(4))
    html = f"<html><body><nav><a href='/'>Home</a></nav><div class='story'>{sections}</div>" \
           f"<div class='footer'>About us</div></body></html>"
    text = article_text(html)
    assert text.count("committee met") == 4 and "Home" not in text and "About us" not in text


def test_comments_and_related_boxes_are_not_the_article():
    comments = "".join(f"<div class='comment'><p>I think {PROSE}</p></div>" for _ in range(3))
    related = "<ul class='related'>" + "".join(f"<li><a href='/s/{i}'>Another story number {i}</a></li>"
                                                for i in range(6)) + "</ul>"
    html = f"<html><body><article><p>{PROSE}</p><p>{PROSE}</p>{related}</article>" \
           f"<div id='comments'>{comments}</div></body></html>"
    text = article_text(html)
    assert "committee met" in text and "I think" not in text and "Another story" not in text


def test_teaser_list_next_to_the_story_is_left_out():
    teasers = "".join(f"<div class='item'><h3><a href='/n/{i}'>A long headline of another news story {i}</a></h3>"
                      f"<p>{PROSE}</p></div>" for i in range(4))
    story = "".join(f"<p>Part {i}. {PROSE}</p>" for i in range(3))
    html = f"<html><body><div class='wrap'><div class='main'>{story}</div>" \
           f"<div class='more'>{teasers}</div></div></body></html>"
    _, out = clean_bytes(html.encode(), source="t.html", settings=NO_FM)
    assert "headline of another" not in out and out.count("committee met") == 3


def test_a_listing_chosen_whole_keeps_all_its_posts():
    # a forum thread or a blog's category page: the posts are read as one text (CleanEval's gold keeps them)
    posts = "".join(
        f"<div class='entry'><h2>Post {i}</h2><span>2005-0{i}-01 10:00</span><p>Post {i} says: {PROSE}</p></div>"
        for i in (3, 2, 1))
    html = f"<html><body><div class='posts'>{posts}</div></body></html>"
    text = article_text(html)
    assert "Post 3 says" in text and "Post 2 says" in text and "Post 1 says" in text


def test_the_best_post_of_a_listing_around_it_yields_the_first_post():
    # a blog's archive page whose longest post is not the newest: the newest one is the article
    def post(i: int, paragraphs: int) -> str:
        body = "".join(f"<p>Post {i} says: {PROSE}</p>" for _ in range(paragraphs))
        return f"<tr><td><h2>Post {i}</h2><span>2005-0{i}-01 10:00</span><div class='body'>{body}</div></td></tr>"
    html = f"<html><body><table class='posts'>{post(3, 1)}{post(2, 6)}{post(1, 1)}</table></body></html>"
    text = article_text(html)
    assert "Post 3 says" in text and "Post 2 says" not in text


REPLIES = [
    "I run three projects at once and switch between them when one of them runs out of work units for a day.",
    "One project at a time is enough for me, since my old machine is slow and the second box keeps overheating.",
    "More than one box on more than one project is an addiction, and my family says that I am wired wrong.",
    "I moved everything to the protein folding project last spring because the statistics pages looked nicer.",
]


def test_a_forum_threads_replies_are_kept_together():
    # a forum thread laid out as table rows, a poster's panel ("Joined:", "Posts:") opening each reply:
    # the replies are one text (a blog archive's posts open with titles of their own: the first one wins)
    def reply(i: int, text: str) -> str:
        return (f"<tr><td>user{i}<br>Registered Member<br>Joined: Jun 1{i}, 2003<br>Posts: {10 * i}</td>"
                f"<td><table><tr><td>Posted: Jun 2{i}, 2003 - 03:1{i} PM</td></tr>"
                f"<tr><td><div class='postbody'><p>{text} {text}</p></div></td></tr></table></td></tr>")
    html = f"""<html><body><table class="thread">{"".join(reply(i, t) for i, t in enumerate(REPLIES))}</table>
    </body></html>"""
    text = article_text(html)
    assert all(t in text for t in REPLIES)


def test_the_climb_to_an_ancestor_allows_a_link_density_rise_per_step():
    # a product page: a notice without links is the best box; its section (a few links) and the
    # page's <main> (features, each with a "Learn more" link) each hold much more of the text
    features = "".join(f"<li><h3>Tool {i}</h3><p>Tool {i} lets you examine the structure and layout of any page, "
                       f"modify it live and see what changed at once.</p><a href='/t/{i}'>Learn more about tool {i}"
                       f"</a></li>" for i in range(5))
    html = f"""<html><body><main><section class="intro"><h1>Developer Edition</h1><div class="lead">
    <p>Get to know the features that make it the most complete browser for building the Web, from the
    inspector to the <a href="/debugger">debugger</a> and the network monitor, all in one place.</p>
    <p>Develop, deploy and debug apps directly in your browser or on a device, with the tools that replace the
    old app manager, and <a href="/ext">an extension</a> that is installed with this edition and works across
    browsers and devices.</p></div>
    <div class="notice"><h3>Important: sync your profile</h3><p>This edition comes with a new profile, so you can
    run it alongside other versions (stable, beta, nightly). To access your bookmarks, history, passwords, and
    more, sync the profile with your account; or, if you have none, create one: it is free.</p>
    </div></section><section class="more"><h2>Features and tools</h2><ul>{features}</ul></section></main>
    <div class="legal"><a href="/a">About</a> <a href="/p">Privacy</a></div></body></html>"""
    text = article_text(html)
    assert "Important: sync" in text and "Tool 4 lets you" in text


def test_dated_links_in_a_side_column_do_not_take_the_article():
    # two classless columns, both opening with a date: the side one, mostly links, is not a post
    news = "".join(f"<li><a href='/n/{i}'>News item number {i} of the week</a></li>" for i in range(8))
    side = f"<div><p>December 26, 2006</p><p>{PROSE}</p><ul>{news}</ul></div>"
    story = "<div><p>December 6, 2001</p>" + "".join(f"<p>Part {i}. {PROSE}</p>" for i in range(6)) + "</div>"
    text = article_text(f"<html><body>{side}{story}</body></html>")
    assert text.count("committee met") == 6 and "News item" not in text


def test_class_hints_match_whole_short_words_only():
    h = hints()
    assert h.negative.search("top-ad-2") and not h.negative.search("header-shadow")
    assert h.unlikely.search("left-sidebar-box") and h.maybe.search("main-content")
    assert not h.negative.search("photo")          # "hot" is a short word: not inside "photo"


def test_four_letter_class_words_match_as_tokens_not_inside_other_words():
    # "cont" (a Chinese portal's content box) is not in "container" or "contribution", "main" not in
    # "domain"; a four-letter word still heads a compound ("tablebody"), takes a plural ("posts") and is
    # a word of a camelCase name ("mainContent")
    from cleaner.html.dom import class_id
    from lxml import etree
    h = hints()
    w = lambda cls: h.weight(class_id(etree.Element("div", {"class": cls})))      # noqa: E731
    assert w("contribution-amounts") == w("container") == w("control-bar") == 0
    assert w("cont") > 0 and w("tablebody1") > 0 and w("posts") > 0 and w("mainContent") > 0
    assert w("meta") < 0 and w("postMeta") == 0 and w("metadata") == 0 and w("foot-links") < 0


def test_a_box_of_figures_classed_with_a_word_holding_a_hint_is_not_the_article():
    # a company profile: its description in a plain box, a box of donation figures whose class holds
    # "cont" inside "contribution" (it was scored as a content box and won)
    ratings = "".join(f"<tr><td><a href='/r/{i}'>Rating {i}</a>: ({i} articles)</td></tr>" for i in range(5))
    html = f"""<html><body><div id="main"><div class="profile">
    <div class="profile_leftcol"><table>{ratings}</table>
    <div class="profile_about"><p>Bed and bath retailer. {PROSE}</p><a href="/full">Read more.</a></div></div>
    <div class="profile_rightcol"><div class="contribution-amounts">$80,500 to Democrats<br>$2,500 to Republicans<br>
    $0 to Others<br>$83,000 in Total Contributions</div>
    <div><p>Write a letter or send a fax. Let this company <a href="/a">know what you think</a>.</p></div></div>
    </div></div></body></html>"""
    text = article_text(html)
    assert "Bed and bath retailer" in text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("adnvtxcomhe-_ 2\u3000\u00b2") + ["ad", "nav", "com-", "hot", "header",
                                                                    "sidebar", "-ad-", "shadow"]), max_size=12).map("".join))
def test_hint_matchers_agree_with_one_regex(s):
    h = hints()
    for m in (h.positive, h.negative, h.unlikely, h.maybe, h.remove_always):
        assert m.search(s) == bool(m.regex.search(s))


TEXT = st.text(alphabet=st.sampled_from("abc 中文。，<>&/\"'=!-"), max_size=40)
# (no <script>: an unclosed one hides the rest of the page from readers too)
TAGS = st.sampled_from(["p", "div", "span", "a", "ul", "li", "table", "tr", "td", "pre", "h1", "h2", "b", "br",
                        "form", "article", "nav", "aside", "blockquote", "img", "code", "footer"])


@st.composite
def html_pages(draw):
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        tag = draw(TAGS)
        if draw(st.booleans()):
            parts.append(f"<{tag} class='{draw(st.sampled_from(['content', 'nav', 'share', 'x']))}'>")
        else:
            parts.append(f"</{tag}>")
        parts.append(draw(TEXT))
    return "".join(parts)


@settings(max_examples=60, deadline=None)
@given(html_pages())
def test_any_markup_cleans_without_crashing_and_keeps_some_text(page):
    html = f"<html><body>{page}<p>Last words of the page, kept.</p></body></html>"
    doc, out = clean_bytes(html.encode(), source="x.html", settings=NO_FM)
    assert doc.blocks, "a page with text never comes out empty"
    _, again = clean_bytes(out.encode() or b"x", source="x.md", settings=NO_FM)
    if out.strip():
        assert again == out


def test_a_trackback_section_after_the_post_ends_the_article():
    story = "".join(f"<p>Part {i}. {PROSE}</p>" for i in range(3))
    html = f"""<html><body><div class="entry"><h1>Keynote preview</h1>{story}
    <h2>TrackBack</h2><p>TrackBack URL for this entry: http://example.com/t/123</p>
    <p>Listed below are links to weblogs that reference this entry: Another blog wrote about the keynote.</p>
    <h3>Leave a reply</h3><p>Your email address will not be published.</p></div></body></html>"""
    text = article_text(html)
    assert text.count("committee met") == 3
    assert "TrackBack" not in text and "weblogs that reference" not in text and "email address" not in text
    from cleaner.html.region import hints as _hints
    head = _hints().comment_head
    assert head.match("Trackback Pings") and head.match("3 TrackBacks") and head.match("Leave a Reply")
    assert not head.match("Trackback is a way to notify other blogs of a post.")


def test_a_reply_form_heading_above_the_text_ends_nothing():
    # no prose before it: a share bar's "Post a comment" above the story is no comment section
    story = "".join(f"<p>Part {i}. {PROSE}</p>" for i in range(3))
    html = f"<html><body><div class='entry'><div>Post a comment</div>{story}</div></body></html>"
    assert article_text(html).count("committee met") == 3


def test_text_inside_a_named_anchor_is_not_link_text():
    # an unclosed <a name=…> (an old page's section anchor) wraps the rest of the page: no link, still text
    from cleaner.html.dom import measure
    story = "".join(f"<p>Part {i}. {PROSE}</p>" for i in range(4))
    root = parse_tree(f"<html><body><a name='introduction'><h2>Introduction</h2>{story}</body></html>")
    anchor = next(root.iter("a"))
    stats = measure(root)
    assert stats[anchor].link_density == 0 and stats[anchor].good > 0
    linked = parse_tree(f"<html><body><a href='/x'>{PROSE}</a></body></html>")
    assert measure(linked)[next(linked.iter("a"))].link_density == 1


def test_a_long_slideshow_inside_the_article_goes_while_the_story_stays():
    slides = "".join(f"<li><h4>Slide {i}</h4><p>Slide {i} caption. {PROSE}</p></li>" for i in range(12))
    story = "".join(f"<p>Part {i}. {PROSE}</p>" for i in range(4))
    html = f"<html><body><div class='articleBody'>{story}<ul class='hp-slideshow'>{slides}</ul></div></body></html>"
    text = article_text(html)
    assert text.count("Part ") == 4 and "caption" not in text
    # a page that is only the slideshow keeps it: there is no other prose to keep
    only = f"<html><body><div class='articleBody'><ul class='hp-slideshow'>{slides}</ul></div></body></html>"
    assert article_text(only).count("caption") == 12


def test_a_comment_box_in_a_layout_table_is_not_the_article():
    # a 2005-style page laid out in a table: the comments' box is "unlikely" inside a cell too
    comments = "".join(f"<div class='blogComment'><p>Comment {i}: {PROSE}</p><p>{PROSE}</p></div>" for i in range(12))
    story = "".join(f"<p>Part {i}. {PROSE}</p>" for i in range(3))
    html = f"""<html><body><table><tr><td class='nav'><a href='/'>Home</a></td>
    <td><div>{story}</div><div class='blogComments'>{comments}</div></td></tr></table></body></html>"""
    text = article_text(html)
    assert text.count("Part ") == 3 and "Comment 1:" not in text


def test_word_processor_and_taxonomy_classes_are_no_hints():
    h = hints()
    from cleaner.html.dom import class_id
    from lxml import etree
    assert not h.is_unlikely(class_id(etree.Element("p", {"class": "MsoCommentText"})))
    assert not h.is_unlikely(class_id(etree.Element("div", {"class": "post category-social-media"})))
    assert h.is_unlikely(class_id(etree.Element("div", {"class": "post social-links"})))


def test_more_of_the_article_beside_a_layout_table_joins_it():
    # an old page: the story's first part in a layout table's cell, the rest in paragraphs after the
    # table, and a catalogue's items in one table each; the site's copyright notice, a sidebar profile
    # and the next cell of the row (a column) stay out
    first = "".join(f"<p>Part {i}. {PROSE}</p>" for i in range(4))
    html = f"""<html><body><table><tr><td><a href="/">Home</a> <a href="/b">Books</a></td>
    <td><h1>Story</h1>{first}</td>
    <td>Our sponsor column has long sentences too, and it talks about deals and offers all week long.
    It goes on and on about them, which makes it look like prose to the page analysis.</td></tr></table>
    <p>Afterwards. {PROSE}</p><p>Finally. {PROSE}</p>
    <div id="profile"><p>About me: I write about budgets and cities, and I have done so for years now, in
    print and online, for anyone who cares to read about the committee and its many meetings.</p></div>
    <table><tr><td><p>Copyright 2006 Example Press. All rights reserved. No part of this site may be
    reproduced in any form or by any means without the written permission of the publisher.</p></td></tr></table>
    </body></html>"""
    text = article_text(html)
    assert text.count("committee met") == 6 and "Afterwards" in text and "Finally" in text
    assert "sponsor" not in text and "About me" not in text and "Copyright" not in text and "Home" not in text

    items = "".join(f"<table><tr><td><b>Film {i} [DVD]</b><br>Film {i}: a detective in a big city must face "
                    f"the past when a murder case leads him to his own family, in a tense and moving drama "
                    f"with a fine cast and a score that stays with you long after the end.</td></tr></table>" for i in range(5))
    text = article_text(f"<html><body><div id='nav'><a href='/'>Home</a></div>{items}</body></html>")
    assert all(f"Film {i}:" in text for i in range(5)) and "Home" not in text


def test_a_modal_dialog_or_lightbox_is_never_the_article():
    # a dialog a script shows over the page (sign-up, "email to a friend"), hidden until then
    story = "".join(f"<p>Part {i}. {PROSE}</p>" for i in range(2))
    html = f"""<html><body><div class="post">{story}</div>
    <div class="modal fade"><div class="modal-content"><div class="modal-body"><p>Your account is not approved yet.
    To become an approved author, you must have at least two complete articles in your account, unique ones.</p>
    <p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div></div></div>
    <div id="light" class="lightbox"><p>Get fifty secrets in your inbox for free: sign up to the newsletter and
    receive the first one today, then one a week, with no spam and no sharing of your address, ever.</p></div>
    </body></html>"""
    text = article_text(html)
    assert text.count("committee met") == 2 and "approved" not in text and "newsletter" not in text


def test_a_long_author_box_after_the_story_goes_while_the_story_stays():
    # an author's box after the story ("About the author", a long biography), whatever its length
    story = "".join(f"<p>Part {i}. {PROSE}</p>" for i in range(5))
    bio = " ".join(["Jane Roe is the founder of the Daily Example, a news outlet that reports daily on the latest "
                    "developments in technology, design and everything in between."] * 4)
    html = f"""<html><body><div class="post">{story}<div class="post" id="author"><h3>Author: Jane Roe</h3>
    <p>{bio}</p></div></div></body></html>"""
    text = article_text(html)
    assert text.count("committee met") == 5 and "founder" not in text
    # a page that is only the author's biography keeps it
    text = article_text(f"<html><body><div class='author-bio'><p>{bio}</p><p>{bio}</p></div></body></html>")
    assert "founder" in text
