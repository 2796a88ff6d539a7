"""Text dumps: short pages, short-line content and the edges of the article (issue 13, families 1 and 2).

Small synthetic dumps; each test asserts which lines stay and which go, with the rule id.
"""
from __future__ import annotations

from cleaner.document import Document
from test_strip import EN1, EN2, page  # the text-dump fixtures of the strip tests

# a short post: near-good prose (a sentence, under the "good" size), no paragraph anchors the page
POST = "Leelee looks like she walked out of the pages of a vintage magazine in this coat, and I love it."
REPLIES = ["Gorgeous!", "Can't take my eyes from this picture, it is the best one of the whole show for me.",
           "Is she a real human being?", "She is beautiful and different, and her coat is so good."]


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


SCHEDULE = ["November 9th & 10th", "Austin, TX – The Alamo Drafthouse (Tickets)", "Dallas, TX – Landmark Inwood",
            "Denver, CO – Landmark Esquire (Tickets)", "November 15th", "Miami, FL – O-Cinema"]
FOOT = ["Share on Tumblr", "Release All The Photos You Want, Vegas Still Looks Ridiculous", "Next Post"]


def test_a_list_the_article_introduces_stays_with_it():
    doc = page("Title", EN1, EN2, "Upcoming screenings:", *SCHEDULE, *FOOT)
    assert kept(doc) == ["Title", EN1, EN2, "Upcoming screenings:", *SCHEDULE]
    # the same from a last paragraph that ends in a colon
    intro = EN2[:-1] + ", in these places:"
    doc = page("Title", EN1, intro, *SCHEDULE, *FOOT)
    assert kept(doc) == ["Title", EN1, intro, *SCHEDULE]
    # without the label the short lines are the page's foot
    doc = page("Title", EN1, EN2, *SCHEDULE, *FOOT)
    assert kept(doc) == ["Title", EN1, EN2]
    assert {b.reason for b in doc.blocks[3:]} <= {"boilerplate:tail", "nav-trailer", "share", "nav"}


def test_a_label_that_names_other_pages_introduces_no_list_of_the_article():
    heads = ["Theater suspect appears in court", "Dispatcher recalls night of horror", "Goat man spotted in Utah",
             "At least 13 killed in truck crash"]
    for label in ("More content from NBCNews.com:", "Related post:", "Similar Projects:"):
        doc = page("Title", EN1, EN2, label, *heads, *FOOT)
        assert kept(doc) == ["Title", EN1, EN2], label


SPONSOR = ("Become a skilled information professional at the Information School, where graduates of the "
           "programme work in every field and earn a great deal more than they would have otherwise.")


def test_the_tags_line_ends_the_article_before_sponsors_blurbs():
    doc = page("Title", EN1, EN2, EN2.replace("Officials", "Engineers"), "Tags: Bikes, City Council",
               "Sponsor Posts", "Information School Preview Day", SPONSOR, "Learn more about it here.")
    assert kept(doc) == ["Title", EN1, EN2, EN2.replace("Officials", "Engineers")]
    dropped = {b.text: b.reason for b in doc.blocks if not b.keep}
    assert dropped["Tags: Bikes, City Council"] == "boilerplate:tail" and dropped[SPONSOR] == "boilerplate:tail"


def test_a_blog_front_page_keeps_every_post_after_a_tags_line():
    posts = [EN1, "Tags: Bikes", EN2, EN2.replace("Officials", "Engineers"), "Tags: Roads",
             EN1.replace("city", "town"), EN2.replace("Officials", "Planners")]
    doc = page("Title", *posts)
    assert kept(doc) == ["Title", *posts]


BIO = "Ann Smith is a writer who studied English at Rutgers and covers the city for us."


def test_the_authors_name_in_the_title_is_no_headline():
    # "Headline - Author": the page repeats the author's name above her bio box, not the headline;
    # the bio after it is no lead paragraph
    doc = page("The city votes on its bike lanes - Ann Smith", "Ann Smith", BIO, "Share", "Tweet", "Email", EN1,
               "Share", "Tweet")
    assert EN1 in kept(doc) and BIO not in kept(doc)


def test_a_headline_quoted_in_the_comments_is_no_headline():
    headline = "The city votes on its bike lanes"
    comments = []
    for i, name in enumerate(["Ann Smith", "Bob", "Carla Diaz", "Dan"]):
        comments += [f"{name} October {i + 3}, 2012 at 9:4{i} am"]
        comments += [headline, EN2.replace("Officials", f"Reader {i}") * 2] if i == 2 else \
            [EN2.replace("Officials", f"Reader {i}")]
    doc = page(f"{headline} | News", headline, EN1, EN2, *comments)
    assert kept(doc) == [headline, headline, EN1, EN2]


def _blurb(who: str) -> str:
    return (f"{who} is the author of a guide for people who start a company on their own money, and he has "
            "written for the papers of three countries about what it takes to sell a product that nobody asked "
            "for yet. He lives by the sea with his family and a dog, and he answers every letter that readers "
            "send him, which is more than most authors would say of themselves, as he likes to point out.")


def test_the_article_starts_at_its_headline_not_at_the_sidebar_blurbs_above_it():
    sidebar = ["MicroConsult", _blurb("Bob"), "WordPress for Startups", _blurb("Ann"), "Ask Bob", _blurb("Carl")]
    doc = page("Positioning your startup | Bob's Blog", *sidebar, "Home / Positioning your startup",
               "Positioning your startup", EN1, EN2)
    assert kept(doc)[-3:] == ["Positioning your startup", EN1, EN2]
    assert all(b.reason == "boilerplate:head" for b in doc.blocks if b.text in sidebar)


def test_paragraphs_in_a_row_above_the_headline_line_stay():
    # an article that repeats its title further down (a caption, a section) starts where its prose does
    first = [EN1.replace("city", "town"), EN2.replace("Officials", "Engineers"), EN2.replace("Officials", "Planners")]
    doc = page("Positioning your startup | Bob's Blog", *first, "Positioning your startup", EN1, EN2)
    assert kept(doc)[1:] == [*first, "Positioning your startup", EN1, EN2]


def test_lines_a_rule_dropped_do_not_part_the_headline_from_its_lead():
    # a byline and a share bar between the headline and its first paragraph; the headline repeated in
    # a "most read" box further down, above a longer blurb
    headline = "The city votes on its bike lanes"
    lead = EN1 + " " + EN2
    doc = page(f"{headline} | News", headline, "By Ann Smith", "Share", "Tweet", "Email", "Facebook", "Print", lead,
               "Most read", "Share", "Tweet", headline, _blurb("Bob"))
    assert lead in kept(doc) and _blurb("Bob") not in kept(doc)


NOTICE = ("Acme.com is the official web site of the Acme League. Acme, the Acme Shield and the word mark and image "
          "of the Acme Cup are registered trademarks of the Acme League. All Acme logos and marks depicted herein are "
          "the property of the Acme League and may not be reproduced without the prior written consent of Acme "
          "Enterprises. © Acme 2012. All Rights Reserved.")


def test_a_legal_notice_after_the_article_goes():
    doc = page("Title", EN1, EN2, "Top headlines", NOTICE)
    assert kept(doc) == ["Title", EN1, EN2]
    notice = next(b for b in doc.blocks if b.text == NOTICE)
    assert notice.reason == "copyright" and "legal notice" in notice.detail
    assert next(b for b in doc.blocks if b.text == "Top headlines").reason == "boilerplate:tail"


def test_a_paragraph_about_copyright_in_the_article_stays():
    # one or two legal words: an article about a law suit, a reprint note; and a notice before the article's end
    about = ("The band said the copyright on the song had run out years ago and that anyone could play it, "
             "but the label disagreed and took the case to court, where a judge will hear it next month; "
             "the band's lawyer said the label had licensed the song to a film without asking anyone.")
    doc = page("Title", EN1, EN2, about)
    assert kept(doc)[-1] == about
    doc = page("Title", EN1, NOTICE, EN2)
    assert NOTICE in kept(doc)


def test_the_headline_over_the_article_wins_over_a_teasers_repeat_of_it():
    # a news column repeats the headline above a teaser's one blurb (longer than the article's first
    # paragraph); the article under the headline is many paragraphs
    headline = "The city votes on its bike lanes"
    teaser = EN1 + " " + EN2.replace("Officials", "Planners")
    player = [f"{font} {size}" for font in ("Arial", "Georgia", "Tahoma", "Courier New", "Times New Roman", "Verdana", "Impact", "Helvetica")
              for size in ("50%", "75%", "100%", "150%", "200%", "300%")]     # a video player's menu
    column = ["Most read", headline, teaser, "Share", "Tweet", "48.5k reactions • Join the conversation", *player]
    body = [EN1.replace("city", "town"), EN2, EN2.replace("Officials", "Engineers")]
    doc = page(f"{headline} | News", *column, headline, "By Ann Smith", *body, "What to read next", "Share")
    assert kept(doc)[-4:] == [headline, *body]
    assert teaser not in kept(doc)


def test_the_headline_repeated_after_a_gallery_is_the_one_nearer_the_article():
    # the title above a gallery's caption, then again above the article's first paragraph: both lead to
    # the same article, the repeat nearer it (with the longer first paragraph) is its headline
    from cleaner.context import headline_match
    from cleaner.features import Thresholds
    headline = "The city votes on its bike lanes"
    caption = "Council members vote on the plan in the city hall on Tuesday, as seen from the public gallery above."
    doc = page(f"{headline} | News", headline, caption, "Photo: AP", "1 / 8", headline, EN1, EN2)
    for b in doc.blocks:        # (as the context pass sees them: before its own drops)
        if b.reason.startswith("boilerplate") or b.reason in ("title", "template"):
            b.keep = True
    title = doc.blocks[0]
    i, j = headline_match(doc.blocks, title, Thresholds())
    assert doc.blocks[j].text == EN1 and doc.blocks[i].text == headline and i == 5



def test_an_ad_slot_does_not_part_the_article():
    # two parts of the article with an ad slot and the article's own list between them (a bullet list
    # after "… also said:") are one article: ads interrupt an article, they do not end it
    from cleaner.context import merge_clean_gaps
    from cleaner.lexicon import lexicon
    from cleaner.rules import builtin_rules
    points = ["The new lanes will be painted green", "Parking on the main street will be moved",
              "Work starts in the spring", "The plan is on the city's site"]
    intro = "In a wide-ranging interview with the paper, the mayor of the city also said:"
    doc = page("Title", EN1, EN2, "Advertisement", intro, *points, EN2.replace("Officials", "Engineers"))
    assert next(b for b in doc.blocks if b.text == "Advertisement").reason == "ad"
    assert merge_clean_gaps(doc.blocks, [(1, 2), (9, 9)], lexicon(builtin_rules())) == [(1, 9)]
    # a share bar between them does part them
    doc = page("Title", EN1, EN2, "Share", intro, *points, EN2.replace("Officials", "Engineers"))
    assert merge_clean_gaps(doc.blocks, [(1, 2), (9, 9)], lexicon(builtin_rules())) == [(1, 2), (9, 9)]


def test_a_comments_link_after_the_authors_box_does_not_end_a_longer_article():
    # the headline, the author's box (the paragraph the headline bonus goes to), a share bar's "Comments"
    # link, then the article, more than twice the box: the link is no comment section
    headline = "The city votes on its bike lanes"
    body = [EN1, EN2, EN2.replace("Officials", "Engineers"), EN2.replace("Officials", "Planners")]
    doc = page(f"{headline} | News", headline, "Ann Smith", _blurb("Ann Smith"), "Comments", *body)
    assert all(p in kept(doc) for p in body)


def test_the_articles_closing_sentences_stay_with_it():
    # short sentences right after the last paragraph (a sign-off, a reporting note) cost the run a
    # short line's penalty each, so the best run ends before them; they are the article's own
    closing = ["Thanks for helping out!", "Ann Smith reported from Portland."]
    doc = page("Title", EN1, EN2, *closing, "Related Stories", "Goat man spotted in Utah", "At least 13 killed")
    assert kept(doc) == ["Title", EN1, EN2, *closing]
    assert {b.text: b.reason for b in doc.blocks if not b.keep}["Goat man spotted in Utah"] == "nav-trailer"
    # lines that are no sentence, or come after a line a rule dropped, are the page's foot as before
    doc = page("Title", EN1, EN2, "Share", *closing, "Site Map")
    assert kept(doc) == ["Title", EN1, EN2]
    doc = page("Title", EN1, EN2, "Our newsroom", "Ann Smith reported from Portland.")
    assert kept(doc) == ["Title", EN1, EN2]


MEMBERS = ["Visayan Forum Foundation (Philippines)", "Foundation for Child Development (Thailand)",
           "Child Workers in Nepal Concerned Center (Nepal)", "Sri Lanka Interactive Media Group (Sri Lanka)"]


def test_a_list_under_a_section_heading_and_its_label_stays():
    # the article's last section is a list: its heading, then its label ("Convenor:"), then the items
    doc = page("Title", EN1, EN2, "Task Force Membership", "Steering Committee members:", *MEMBERS, "Site Map",
               "Share")
    assert kept(doc) == ["Title", EN1, EN2, "Task Force Membership", "Steering Committee members:", *MEMBERS]
    # a heading and a label naming other pages introduce nothing of the article
    doc = page("Title", EN1, EN2, "Elsewhere", "More from our partners:", *MEMBERS, "Share")
    assert kept(doc) == ["Title", EN1, EN2]


def test_a_long_label_that_reads_as_a_clause_introduces_a_list():
    label = "Members of the Working Group on Test Taker Rights and Responsibilities:"
    doc = page("Title", EN1, EN2, label, *MEMBERS, "Share")
    assert kept(doc) == ["Title", EN1, EN2, label, *MEMBERS]
    # as long, but a run of names (a site's sections), it is a menu's label
    menu = "Acme News Politics Comedy Science Arts Food Travel:"
    doc = page("Title", EN1, EN2, menu, *MEMBERS, "Share")
    assert kept(doc) == ["Title", EN1, EN2]


def test_an_item_the_template_dropped_does_not_end_the_list():
    # "salt and pepper to taste" recurs on other pages of the batch (template: weak evidence); between two
    # items of a list the article introduces it is one of them
    from collections import Counter

    from cleaner.parse import parse_text
    from cleaner.strip import strip
    from cleaner.template import TemplateIndex, line_hash, site_of
    items = ["2 tsp vegetable oil", "salt and pepper to taste", "1 large onion", "4 cloves garlic"]
    lines = ["Title", EN1, EN2, "Ingredients for 4 portions:", *items, "Share"]
    doc = Document("t.txt", format="text", blocks=parse_text("\n\n".join(lines)))
    index = TemplateIndex(Counter({line_hash(items[1], site_of(doc)): 5}))
    strip(doc, template=index)
    assert kept(doc) == ["Title", EN1, EN2, "Ingredients for 4 portions:", *items]
    # after the list's last item it is the page's foot, as before
    lines = ["Title", EN1, EN2, "Ingredients for 4 portions:", *items[:1], *items[2:], items[1]]
    doc = Document("t.txt", format="text", blocks=parse_text("\n\n".join(lines)))
    strip(doc, template=index)
    assert kept(doc) == ["Title", EN1, EN2, "Ingredients for 4 portions:", *items[:1], *items[2:]]
    assert doc.blocks[-1].reason == "template"


def test_a_long_item_without_punctuation_does_not_end_the_list():
    # a list item too long for a short line and without a stop reads as no prose (class "bad", not a rule's
    # drop): in a list the article introduces it is an item like the others
    items = ["How to get exposure from massive websites", "The few foolproof steps you can use NOW to pull traffic "
             "to any new website you build", "How to create great content", "The secrets of social media"]
    doc = page("Title", EN1, EN2, "Here is what you will discover:", *items, "Share")
    assert next(b for b in doc.blocks if b.text == items[1]).first_class == "bad"
    assert kept(doc) == ["Title", EN1, EN2, "Here is what you will discover:", *items]


def _replies(heads: list[list[str]]) -> list[str]:
    out = []
    for i, head in enumerate(heads):
        out += [*head, EN2.replace("Officials", f"Reader {i}") * 2]
    return out


def test_comment_heads_with_the_name_on_a_line_of_their_own_end_the_article():
    # "#1 - Tue Jul 24, 2012 10:14 AM EDT", then the commenter's name, then the comment
    comments = _replies([[f"#{i} - Tue Jul 2{i}, 2012 10:1{i} AM EDT", name]
                         for i, name in enumerate(["bytor104", "Wakehead", "willowbrook", "ldo"])])
    doc = page("Title", EN1, EN2, *comments)
    assert kept(doc) == ["Title", EN1, EN2]
    assert "comment section" in next(b for b in doc.blocks if b.text.startswith("Reader 2")).detail


def test_a_comment_head_of_two_lines_is_one_head():
    # "August 9th, 2012 at 8:38 am" and "Kevin said," are both heads: one comment's, not two comments
    comments = _replies([[f"August 9th, 2012 at 8:3{i} am", f"{name} said,"]
                         for i, name in enumerate(["infamousdx", "Kevin", "lucky", "Bruce"])])
    doc = page("Title", EN1, EN2, *comments)
    assert kept(doc) == ["Title", EN1, EN2]
    # (told as a thread of comments, not as the page's foot)
    assert "comment section" in next(b for b in doc.blocks if b.text.startswith("Reader 2")).detail


def test_a_list_the_run_ends_inside_goes_on_to_its_last_item():
    # the label and the first items are in the run (a near-good item kept it going); the rest follow
    items = ["SEXY IS: Being strangled to death by a serpent in your bra, which is a lot to ask of anyone.",
             "SEXY IS: The moon at Christmas.", "SEXY IS: A girl who's a bug.", "SEXY IS: The biggest hat.",
             "SEXY IS: An amateur sweeper."]
    doc = page("Title", EN1, EN2, "Here is what is sexy, according to this year's runway show:", *items, *FOOT)
    assert kept(doc) == ["Title", EN1, EN2, "Here is what is sexy, according to this year's runway show:", *items]


def test_a_list_item_without_punctuation_does_not_end_the_list():
    items = ["How to get exposure from massive websites like NBC and the Wall Street Journal",
             "The few foolproof steps you can use NOW to pull traffic to any new website",
             "How to create Great Content – even if you can’t write", "The secrets to using Social Media for SEO"]
    doc = page("Title", EN1, EN2, "Here’s what you’ll discover:", *items, *FOOT)
    assert kept(doc) == ["Title", EN1, EN2, "Here’s what you’ll discover:", *items]


def test_the_body_after_a_byline_and_a_photo_credit_stays_with_the_lead():
    # the lead under the headline gets the headline's bonus; a byline and a photo credit (dropped by their
    # rules) and a list part it from the body, a run of two paragraphs (worth less than the lead with its
    # bonus) with nothing flagged between
    lead = "The carrier says it's beginning work on delivering LTE to nine more markets, including the Twin Cities."
    last = "LTE is still some weeks to months off, though customers in those areas may see faster speeds before then."
    cities = ["Minneapolis/St. Paul, Minn.", "Fort Smith, Ark.", "Ardmore, Okla.", "Eau Claire, Wis.", "Key West, Fla.",
              "Bloomington, Ind.", "Michigan City/La Porte, Ind.", "McAllen/Edinburg/Mission, Texas"]
    head = ["Sprint adds 9 new LTE cities to its to-do list | Dialed In", "Reviews", "News",
            "Sprint adds 9 new LTE cities to its to-do list", lead, "by Jessica Dolcourt"]
    foot = ["Topics:", "Smartphones,", "Carriers", "Most Popular", "Samsung to Apple: chips"]
    doc = page(*head, "November 13, 2012 12:19 PM PST Follow @jdolcourt", "(Credit: Josh Miller/CNET)", "The areas are:",
               *cities, EN1, last, *foot)
    assert kept(doc) == ["Sprint adds 9 new LTE cities to its to-do list", lead,
                         "November 13, 2012 12:19 PM PST Follow @jdolcourt", "The areas are:", *cities, EN1, last]
    # the same paragraphs after a share bar are another box's
    doc = page(*head, "Share this", "(Credit: Josh Miller/CNET)", "The areas are:", *cities, EN1, last, *foot)
    assert kept(doc) == ["Sprint adds 9 new LTE cities to its to-do list", lead]


def test_comment_heads_with_the_name_glued_to_the_date_end_the_article():
    # Blogger's comment heads: "Pam@TheMeltawaysAugust 5, 2012 4:11 AM" (no space before the month)
    comments = _replies([[f"{name}August 5, 2012 4:1{i} AM"]
                         for i, name in enumerate(["Pam@TheMeltaways", "seetfei", "Renee Dobbs", "Heather Lynne"])])
    doc = page("Title", EN1, EN2, *comments)
    assert kept(doc) == ["Title", EN1, EN2]
    assert "comment section" in next(b for b in doc.blocks if b.text.startswith("Reader 2")).detail


def test_comment_heads_after_a_post_of_short_paragraphs_end_it():
    # the post under its headline has no good paragraph, only near-good ones; the comments' heads come after
    # them, not above the first paragraph (which would make them the heads of a forum's posts)
    post = [POST, ("The abbot asked his favorite pupil how his spiritual progress was coming along, and the pupil "
                   "answered that he could devote every moment of the day to God."),
            ("Do you think God is angry at you? Of course not, and yet you ask Him to forgive you, so do the same "
             "with your enemies."),
            ("Those who practice forgiveness wash and perfume their own hearts, he went on, and they leave the "
             "monastery lighter than they came in.")]
    comments = _replies([[f"{name} July 2{i}, 2012 at 3:5{i} pm"] for i, name in enumerate(["Mohammad Ali", "Deborah",
                                                                                              "Jack", "miriam ferns"])])
    doc = page("Forgiving your enemies | Paulo Coelho", "Forgiving your enemies", *post, *comments)
    assert kept(doc) == ["Forgiving your enemies", "Forgiving your enemies", *post]


def test_a_comment_section_header_after_a_post_of_short_paragraphs_ends_it():
    # "8 appreciated comments on “…”" (a word between the count and "comments") after near-good paragraphs
    post = [("Since its founding in 1966, the Asian Development Bank has been driven by an inspiration and "
             "dedication to improving the lives of people in the region."),
            ("After an email out of the blue, and a few early morning conference calls to Manila, I was hired "
             "to develop a visual identity for the meetings."),
            "My rationale and a few sketches are on the portfolio page, with the final files."]
    long_comment = " ".join([EN2.replace("Officials", "Readers")] * 3)
    doc = page("New work: Asian Development Bank | David Airey", "New work: Asian Development Bank", *post,
               "8 appreciated comments on “New work: Asian Development Bank”",
               "Jamie Wayne, on November 7th, 2012 // Twitter: @jamie", long_comment,
               "Luke, on November 7th, 2012 // Twitter: @luke", long_comment.replace("Readers", "Users"))
    assert kept(doc) == ["New work: Asian Development Bank", "New work: Asian Development Bank", *post]
    # "A Response To …" with no count before it is a post's title, no section
    doc = page("Title", EN1, EN2, 'A Response To "10 Reasons To Fire The Coach"', long_comment)
    assert long_comment in kept(doc)


def test_closing_sentences_after_the_last_paragraph_stay():
    closing = ["Apple did not immediately return a request for comment.", "See you there!"]
    doc = page("Title", EN1, EN2, *closing, "Share on Tumblr", "Release All The Photos You Want", "Next Post")
    assert kept(doc) == ["Title", EN1, EN2, *closing]
    # short lines that are no sentences are the page's foot, as before
    doc = page("Title", EN1, EN2, "Apple did not return a request for comment", "Next Post")
    assert kept(doc) == ["Title", EN1, EN2]


def test_a_line_that_introduces_the_article_stays_with_it():
    intro = "Some math teachers were sharing dinner after the conference when Marc said something truly implausible:"
    doc = page("Title", "Get Posts by E-mail", "Comments", intro, EN1, EN2)
    assert kept(doc) == ["Title", intro, EN1, EN2]


def test_another_sites_box_after_the_article_ends_it_however_long():
    # "Also on HuffPost:" then a slideshow whose captions are more prose than the article
    captions = []
    for bank in ["BARCLAYS", "CITI", "HSBC", "UBS"]:
        captions += [bank, " ".join([EN2.replace("Officials", f"{bank} officials")] * 2)]
    doc = page("Title", EN1, EN2, "Also on HuffPost:", "Loading Slideshow", *captions)
    assert kept(doc) == ["Title", EN1, EN2]
    assert next(b for b in doc.blocks if b.text == "CITI").reason == "nav-trailer"
    # "Related on X:" and "Related News On X:" too; a label that introduces the article's own list does not
    for label in ("Related on HuffPost:", "Related News On Huffington Post:"):
        assert kept(page("Title", EN1, EN2, label, *captions)) == ["Title", EN1, EN2], label
    assert captions[1] in kept(page("Title", EN1, EN2, "The banks named so far:", *captions))
