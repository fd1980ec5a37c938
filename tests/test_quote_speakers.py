"""Speaker rules of the quote finder, one hand-written paragraph per rule (no benchmark text)."""
from __future__ import annotations

from newsweave.nlp import load_nlp
from newsweave.quotes import find_quotes
from newsweave.quotes.marks import find_marked


def quotes(text: str, kind: str | None = "direct"):
    return [q for q in find_quotes(text, load_nlp()(text)) if kind is None or q.kind == kind]


def only(text: str, starts: str):
    (q,) = [q for q in quotes(text) if q.text.startswith(starts)]
    return q


# --- quotation marks ---------------------------------------------------------------------------

def test_quote_running_on_through_paragraphs_without_marks():
    text = ("The mayor wrote on Saturday: “We will rebuild the school.\n"
            "It will take two years.\n"
            "Nobody will be left behind!”\n"
            "The council met later.")
    (span,) = find_marked(text)
    assert [text[s:e] for s, e in span.segments] == [
        "We will rebuild the school.", "It will take two years.", "Nobody will be left behind!"]
    (q,) = quotes(text)
    assert q.speaker == "the mayor"


def test_unmarked_paragraphs_followed_by_a_new_quote_are_not_joined():
    text = ("The mayor wrote on Saturday: “We will rebuild the old school in the spring.\n"
            "The council met later.\n"
            "“It was a long meeting,” a member said.")
    spans = [text[s.start:s.end] for s in find_marked(text)]
    assert spans == ["We will rebuild the old school in the spring.", "It was a long meeting,"]


def test_quote_cut_off_at_the_end_of_the_text_is_kept():
    text = ("Anna Berg told the paper on Monday: “I noticed the misspelled names at once and I think "
            "it was done on purpose to make the sender look like a stranger")
    (q,) = quotes(text)
    assert q.text.startswith("I noticed") and q.speaker == "Anna Berg"


# --- the reporting word ------------------------------------------------------------------------

def test_sentence_signing_off_a_quote_gives_its_speaker():
    text = "“Our soldiers may face lawsuits in foreign courts.” Ella Park wrote in a letter delivered Tuesday."
    (q,) = quotes(text)
    assert q.speaker == "Ella Park"


def test_quote_after_a_reporting_sentence_of_its_paragraph():
    text = ("On Tuesday, Betty Marsh walked out of the courthouse, saying she feels no anger toward her bosses. "
            "“The company may be big, but it is not too big to be challenged in a court of law.”")
    (q,) = quotes(text)
    assert q.speaker == "Betty Marsh"


def test_partial_quote_after_a_quote_of_the_same_paragraph_inherits_its_speaker():
    text = ("“Well, which is it?” Justice Ward asked. Either the managers act on their own, "
            "“or else a strong corporate culture tells them what to do.”")
    q1, q2 = quotes(text)
    assert q1.speaker == q2.speaker == "Ward"


# --- the reporting word's source ---------------------------------------------------------------

def test_account_of_a_named_person():
    text = ("Donald Brooks runs the firm.\n"
            "This was after Brooks’s account tweeted on Saturday: “I had to fire the manager because he lied to us.”")
    (q,) = quotes(text)
    assert q.speaker == "Donald Brooks"


def test_name_right_before_a_reporting_verb_joined_by_and():
    text = ("But those two remedies require different standards for certification and Justice Ruth Bader Ginsburg "
            "said it was “a very serious problem” in the case.")
    (q,) = quotes(text)
    assert q.speaker == "Ruth Bader Ginsburg"


def test_second_said_of_one_speaker():
    text = ("WASHINGTON — President Tom Hale on Monday said the agency ruined the life of his former adviser and said "
            "his opponent suffered no consequences after she lied “many times” to the agency.")
    (q,) = quotes(text)
    assert q.speaker == "Tom Hale"


def test_footage_of_a_person_asking():
    text = "The ad uses footage of Maria Lopez asking, “Why are we not fifty points ahead, you might ask?”"
    (q,) = quotes(text)
    assert q.speaker == "Maria Lopez"


def test_name_before_an_apposition_and_the_reporting_verb():
    text = ("In a panel discussion this weekend in Boston, Marc H. Dale, the chief executive of the Urban League, "
            "forcefully told a young woman that “not voting is not a viable strategy.”")
    (q,) = quotes(text)
    assert q.speaker == "Marc H. Dale"


def test_subject_is_the_name_not_a_time_stamp_parsed_as_a_second_subject():
    text = ("12:15 p.m.\n"
            "Donald Grant says political correctness has run amok in the military, and “we’re going to get away from” that.")
    (q,) = quotes(text)
    assert q.speaker == "Donald Grant"


def test_words_of_one_speaker_believed_by_others_are_not_the_others_indirect_speech():
    text = ("During his years in office, Mr. Hale said, a majority of Americans have come to believe "
            "“that climate change is real, that it is important and we should do something about it.”")
    assert [q.speaker for q in quotes(text)] == ["Hale"]
    assert not [q for q in quotes(text, "indirect") if q.text.startswith("“that climate") or q.text.startswith("that climate")]


# --- names -------------------------------------------------------------------------------------

def test_short_name_resolves_to_the_full_name_with_its_suffix():
    text = ("James R. Clapper Jr., a former intelligence director, spoke on Monday.\n"
            "“This is definitely domestic terrorism,” Mr. Clapper said.")
    (q,) = quotes(text)
    assert q.speaker == "James R. Clapper Jr."


def test_first_and_last_name_resolve_to_the_longest_form_of_that_person():
    text = ("Theodore J. Boutrous Jr. argued for the company.\n"
            "“There is no way there can be a fair process here,” Theodore Boutrous said.")
    (q,) = quotes(text)
    assert q.speaker == "Theodore J. Boutrous Jr."


def test_surname_alone_does_not_take_another_persons_longer_name():
    text = ("Bill Clinton and Hillary Rodham Clinton arrived together.\n"
            "“We are glad to be here,” Bill Clinton said.")
    (q,) = quotes(text)
    assert q.speaker == "Bill Clinton"


def test_lower_case_title_description_resolves_to_the_named_person():
    text = ("Ted Cruz picked up an endorsement from a onetime opponent, former Texas governor Rick Perry.\n"
            "“He is ready to take on the Washington cartel,” the Texas governor said.")
    (q,) = quotes(text)
    assert q.speaker == "Rick Perry"


def test_pronoun_agrees_in_gender_with_an_earlier_pronoun_of_that_person():
    text = ("Senator Charles Schumer spoke first, and his remarks were brief.\n"
            "Nancy Pelosi, the House leader, answered questions after him.\n"
            "“It is not against the president,” she told reporters.")
    (q,) = quotes(text)
    assert q.speaker == "Nancy Pelosi"
