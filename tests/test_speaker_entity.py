"""Which entity a quote's speaker stands for (``analysis._speaker_entity``), on hand-made spans: the person named
in the speaker's title, not the body or place of the title; a description is no entity."""
from __future__ import annotations

from newsweave.analysis import _speaker_entity
from newsweave.entities import Mention
from newsweave.quotes.find import Quote


def mention(text: str, name: str, kind: str) -> Mention:
    start = text.index(name)
    return Mention(text=name, start=start, end=start + len(name), type=kind, name=name)


def speaker_of(text: str, speaker: str, *named: tuple[str, str]) -> str | None:
    start = text.index(speaker)
    quote = Quote(text="We will win.", start=0, end=12, partial=False, kind="direct", speaker=speaker,
                  speaker_start=start, speaker_end=start + len(speaker))
    mentions = [mention(text, name, kind) for name, kind in named]
    return _speaker_entity(quote, mentions, {id(m): m.name for m in mentions})


def test_the_person_after_a_title_naming_a_body_is_the_speaker():
    text = "“We will win,” said Senate Majority Leader Mitch McConnell."
    assert speaker_of(text, "Senate Majority Leader Mitch McConnell", ("Senate", "ORG"),
                      ("Mitch McConnell", "PERSON")) == "Mitch McConnell"


def test_a_place_in_a_title_is_not_the_speaker():
    text = "“We will win,” said California Rep. Nancy Pelosi."
    assert speaker_of(text, "California Rep. Nancy Pelosi", ("California", "GPE"),
                      ("Nancy Pelosi", "PERSON")) == "Nancy Pelosi"


def test_a_description_naming_a_body_stands_for_no_entity():
    text = "“We will win,” said a top Senate Democratic aide."
    assert speaker_of(text, "a top Senate Democratic aide", ("Senate", "ORG"), ("Democratic", "NORP")) is None


def test_a_body_that_is_the_speakers_head_is_the_speaker():
    text = "“We will win,” the White House said."
    assert speaker_of(text, "the White House", ("White House", "ORG")) == "White House"


def test_a_party_is_no_speaker():
    text = "“We will win,” said one Democrat."
    assert speaker_of(text, "one Democrat", ("Democrat", "NORP")) is None


def test_a_person_qualifying_someone_else_is_not_the_speaker():
    text = "“We will win,” Stone’s attorney said, and the Obama administration and a Trump spokesman agreed."
    assert speaker_of(text, "Stone’s attorney", ("Stone", "PERSON")) is None
    assert speaker_of(text, "the Obama administration", ("Obama", "PERSON")) is None
    assert speaker_of(text, "a Trump spokesman", ("Trump", "PERSON")) is None
    # the account and the statement of a person are that person's
    text = "“We will win,” Trump’s account tweeted."
    assert speaker_of(text, "Trump’s account", ("Trump", "PERSON")) == "Trump"
    text = "“We will win,” said Trump campaign manager Brad Parscale."
    assert speaker_of(text, "Trump campaign manager Brad Parscale", ("Trump", "PERSON"),
                      ("Brad Parscale", "PERSON")) == "Brad Parscale"
