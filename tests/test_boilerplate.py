"""Boilerplate rules on small hand-written paragraphs (no outlet or article names in the rules)."""
from __future__ import annotations

from newsweave.boilerplate import APPEAL, AUTHOR_BIO, BYLINE, COMMENT_FORM, COPYRIGHT, CREDIT, NO_TEXT, PROMPT, PULL_QUOTE, PULL_QUOTE_CAPTION, find_boilerplate

STORY = [
    "The river burst its banks on Tuesday, flooding seven villages.",
    "Rescue teams said more than 300 homes were damaged.",
    "“We have never seen water this high,” said the mayor, Ana Velez.",
]


def test_comment_form_and_symbols():
    paragraphs = STORY + ["Leave a Reply", "Your email address will not be published. Required fields are marked *", "*"]
    assert find_boilerplate(paragraphs) == {3: COMMENT_FORM, 4: COMMENT_FORM, 5: NO_TEXT}


def test_prompts_and_credits():
    paragraphs = ["Share this article", *STORY, "Photo: Lena Ortiz / Reuters", "Sign up to our morning newsletter to get the news in your inbox"]
    assert find_boilerplate(paragraphs) == {0: PROMPT, 4: CREDIT, 5: PROMPT}


def test_appeal_block_with_lead_in():
    appeal = [
        "Help the families hit by the storm",
        "Pictures of the wrecked homes moved readers across the region.",
        "Many of you asked how to help, and now you can by donating to our relief fund.",
        "Donate here to support the fund",
        "Or text HELP to 70999 to give £5",
        "Every penny will go to the charity working on the ground.",
    ]
    reasons = find_boilerplate(STORY + appeal)
    assert {i: r for i, r in reasons.items()} == {i: APPEAL for i in range(3, 9)}


def test_story_about_an_appeal_court_is_kept():
    paragraphs = STORY + ["The mayor said the city would appeal the ruling.", "The court will hear the appeal in May."]
    assert find_boilerplate(paragraphs) == {}


def test_pull_quote_and_caption():
    paragraphs = [
        STORY[0],
        "We have never seen water this high",
        "Town mayor",
        STORY[1],
        STORY[2],
    ]
    assert find_boilerplate(paragraphs) == {1: PULL_QUOTE, 2: PULL_QUOTE_CAPTION}


def test_bylines_and_agency_credit_but_not_sentences_starting_with_by():
    paragraphs = [
        "By the time police arrived, the gunman had fled.",
        "By Monday the river had fallen.",
        "By Ilka Varden | Valley Voice | 16 March 2026",
        "(Harbour Wire)",
        "A rescuer wades through the water. Photo: Anna Berg / Harbour Wire",
    ]
    assert find_boilerplate(paragraphs) == {2: BYLINE, 3: BYLINE, 4: CREDIT}


def test_copyright_notices_but_not_news_about_copyright():
    paragraphs = [
        *STORY,
        "Copyright 2016 Channel 9 News. All rights reserved.",
        "Copyright © 2015 Valley Network. This story may not be reproduced without written permission.",
        "© 2017 The Courier",
        "All rights reserved.",
        "Copyright lawsuits against the studio rose sharply in 2016, the court said.",
    ]
    assert find_boilerplate(paragraphs) == {3: COPYRIGHT, 4: COPYRIGHT, 5: COPYRIGHT, 6: COPYRIGHT}


def test_author_bios_contact_lines_and_report_credits():
    paragraphs = [
        *STORY,
        "Ilka Varden is a staff writer for the Valley Voice. Reach her at 555-201-3344 or ivarden@valleyvoice.example.",
        "Follow him on Twitter @tomberg_news.",
        "The Harbour Wire contributed to this report.",
        "Ilka Varden is a reporter for the Valley Voice.",
    ]
    assert find_boilerplate(paragraphs) == {3: AUTHOR_BIO, 4: AUTHOR_BIO, 5: BYLINE, 6: AUTHOR_BIO}


def test_news_about_twitter_and_reporters_is_kept():
    paragraphs = [
        "Ilka Varden is a reporter for the Valley Voice who was hurt while covering the flood.",
        "The mayor told her 40,000 followers on Twitter that the road would reopen on Friday.",
        "Police asked residents to follow them on Twitter for updates on the flood.",
        "Ana Velez is a former editor who now runs the relief centre; she said 300 homes were damaged.",
        *STORY,
        "A mother's grief can be followed closely by outrage, the mayor said.",
        "Tom Berg is a photographer for the Harbour Wire who was hurt by the flood.",
    ]
    assert find_boilerplate(paragraphs) == {}


def test_related_headings_and_teasers_in_the_corpus_languages():
    from newsweave.boilerplate import RELATED

    story = ["Der Stadtrat hat am Dienstag beschlossen, die alte Brücke über den Rhein bis 2027 zu sanieren.",
             "Die Arbeiten sollen im Frühjahr beginnen und rund zwölf Millionen Euro kosten."]
    tail = ["Ähnliche Beiträge", "Neue Radwege für die Innenstadt", "Bahnhof wird barrierefrei"]
    assert find_boilerplate(story + tail) == {2: RELATED, 3: RELATED, 4: RELATED}
    spanish = ["El gobierno aprobó el martes una reforma de las pensiones que entrará en vigor en enero.",
               "Mirá también", "Lea también: El Congreso debate el presupuesto de 2027"]
    assert find_boilerplate(spanish) == {1: RELATED, 2: RELATED}
    for line in ("À lire aussi", "Leggi anche", "Lees ook", "Leia também", "Related posts", "Empfohlene Beiträge:"):
        assert find_boilerplate([story[0], line]) == {1: RELATED}, line
    # a short line opening with a heading of two words or more is one too; a sentence that does is not
    assert find_boilerplate(story + ["Weitere aktuelle Themen aus der Arbeitswelt"]) == {2: RELATED}
    assert find_boilerplate(story + ["Mehr zum Thema lesen Sie morgen."]) == {}
    # a sentence after the heading is story again: the teaser run stops there
    assert find_boilerplate(story + ["Weitere Informationen", "Die Stadt hat eine Hotline eingerichtet, die werktags erreichbar ist."]) == {2: RELATED}


def test_prompts_and_notices_in_other_languages():
    story = ["Die Polizei sucht nach Zeugen des Unfalls auf der Autobahn bei Kassel am Montagabend."]
    lines = ["Sie sind aktuell nicht eingeloggt.", "Pour lire la suite, abonnez-vous", "Síguenos en Telegram, Instagram, Facebook y Twitter",
             "Bei den Verlinkungen handelt es sich um Affiliate Links. Wenn du darüber kaufst, erhalten wir eine kleine Provision, am Preis ändert sich nichts."]
    assert find_boilerplate(story + lines) == {i: PROMPT for i in range(1, 5)}
    # the same words inside a story sentence are not a prompt
    assert find_boilerplate(story + ["Die Zeugin sagte, sie sei aktuell nicht eingeloggt gewesen, als der Server ausfiel, und habe nichts bemerkt."]) == {}


def test_credits_in_other_languages():
    assert find_boilerplate(STORY + ["Der Präsident bei der Ankunft in Berlin (Foto: Anna Berg/dpa)",
                                     "Marco Odermatt beim Training. © AFP / MARCO BERTORELLO"]) == {3: CREDIT, 4: CREDIT}


def test_lists_of_links_go_a_single_link_in_the_text_stays():
    from newsweave.boilerplate import LINK_BLOCK

    paragraphs = [STORY[0], "Hier geht es zur Anmeldung", STORY[1], STORY[2],
                  "Neue Radwege für die Innenstadt", "Bahnhof wird barrierefrei", "Rescue teams worked through the night."]
    links = [0.0, 1.0, 0.0, 0.0, 1.0, 0.9, 0.0]
    reasons = find_boilerplate(paragraphs, links=links)
    assert reasons == {4: LINK_BLOCK, 5: LINK_BLOCK}  # two linked lines in a row are a list; one between story paragraphs is an in-text link
    assert find_boilerplate(paragraphs) == {}  # no link information (plain text): nothing structural


def test_a_news_story_about_a_donation_is_kept_and_a_short_appeal_after_it_is_removed():
    story = [
        "A retired teacher has donated 2 million euros to the children's hospital charity in her home town, the largest gift in its history.",
        "Maria Keller, 84, said she wanted the money to fund a new cancer ward. “You give back to the place that made you,” she told reporters.",
        "The charity said the donation would help it build 40 beds and support families who travel long distances for treatment.",
        "Keller taught mathematics for 38 years. Friends said she lived frugally and gave to local appeals every winter.",
        "The hospital's fundraising director said every euro would go to the ward. “Help like this is rare,” he said.",
        "Construction is expected to begin next spring.",
    ]
    assert find_boilerplate(story) == {}
    appeal = ["Support the hospital appeal: donate today.", "Text WARD to 70070 to give £5. Every penny helps."]
    assert find_boilerplate(story + appeal) == {6: APPEAL, 7: APPEAL}
