"""The outlets file: what loads, and every problem reported with its line and what to do."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.errors import InputError, NewsweaveError
from newsweave.outlets import OutletDirectory, OutletsFileError, blindspots, read_outlets, story_coverage

FIXTURE = Path(__file__).parent / "fixtures" / "outlets" / "basil_outlets.csv"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[tuple[int | None, str]]:
    with pytest.raises(OutletsFileError) as caught:
        read_outlets(path)
    assert isinstance(caught.value, InputError) and isinstance(caught.value, NewsweaveError)
    return [(p.line, p.reason) for p in caught.value.problems]


def test_the_fixture_loads_with_labels_and_their_sources():
    records = read_outlets(FIXTURE)
    assert [r["key"] for r in records] == ["foxnews.com", "huffingtonpost.com", "nytimes.com"]
    fox = records[0]
    assert fox["display_name"] == "Fox News" and fox["country"] == "US" and fox["language"] == "en"
    assert fox["labels"]["lean"] == {"value": "right", "source": "BASIL dataset paper (Fan et al. 2019)"}
    assert set(fox["labels"]) == {"lean", "type"}


def test_unknown_columns_are_named_with_the_header_line(tmp_path):
    path = write(tmp_path, "o.csv", "domain,bias,label.lean,label.lean.source\nexample.com,left,left,me\n")
    found = problems(path)
    assert found and found[0][0] == 1 and "unknown column 'bias'" in found[0][1] and "label.KEY" in found[0][1]


def test_a_label_column_without_its_source_column_is_refused(tmp_path):
    found = problems(write(tmp_path, "o.csv", "domain,label.lean\nexample.com,left\n"))
    assert found == [(1, "column 'label.lean.source' is missing: every label needs its value and its source")]


def test_duplicates_name_both_lines(tmp_path):
    path = write(tmp_path, "o.csv", "domain,display_name\nexample.com,A\nother.org,B\nwww.Example.com,C\n")
    found = problems(path)
    assert len(found) == 1 and found[0][0] == 4 and "listed again (first on line 2)" in found[0][1]


def test_bad_values_are_each_reported_on_their_line(tmp_path):
    path = write(tmp_path, "o.csv",
                 "domain,name,country,language,label.lean,label.lean.source\n"
                 "https://example.com/news,,US,en,,\n"   # 2: a URL, not a host
                 ",,US,en,,\n"                            # 3: no key at all
                 "good.example,,USA,english,,\n"          # 4: country and language
                 "fine.example,,,,left,\n"                # 5: a label without its source
                 "ok.example,,,,,somewhere\n")            # 6: a source without a label
    found = problems(path)
    lines = [line for line, _ in found]
    assert lines == [2, 3, 4, 4, 5, 6]
    text = " | ".join(reason for _, reason in found)
    assert "give the host only" in text and "neither domain nor name" in text and "ISO 3166" in text and "ISO 639" in text
    assert "has no source" in text and "no value" in text


def test_the_error_message_lists_every_problem_with_file_and_line(tmp_path):
    path = write(tmp_path, "o.csv", "domain,country\nexample.com,XYZ\nexample.com,US\n")
    with pytest.raises(OutletsFileError) as caught:
        read_outlets(path)
    message = str(caught.value)
    assert "2 problems" in message and "nothing was loaded" in message
    assert f"{path}:2: country 'XYZ'" in message and f"{path}:3: outlet 'example.com' is listed again" in message


def test_a_row_with_more_values_than_columns_is_refused(tmp_path):
    found = problems(write(tmp_path, "o.csv", "domain,owner\nexample.com,Big, Media\n"))
    assert found[0][0] == 2 and "quote values that hold a comma" in found[0][1]


def test_json_entries_are_checked_with_the_line_they_start_on(tmp_path):
    path = write(tmp_path, "o.json", '[\n  {"domain": "a.example", "labels": {"lean": {"value": "left", "source": "me"}}},\n'
                                      '  {"domain": "b.example",\n   "colour": "red"},\n'
                                      '  {"domain": "a.example"}\n]\n')
    assert problems(path) == [(3, "unknown field 'colour'; the fields are domain, name, display_name, country, language, owner and labels")]
    path.write_text('[{"domain": "a.example"},\n {"domain": "A.example"}]', encoding="utf-8")
    found = problems(path)
    assert found[0][0] == 2 and "listed again (first on line 1)" in found[0][1]
    path.write_text('[{"domain": "a.example"},\n {"domain": }]', encoding="utf-8")
    assert problems(path)[0][0] == 2
    path.write_text('{"domain": "a.example"}', encoding="utf-8")
    assert "list of objects" in problems(path)[0][1]


def test_json_labels_load(tmp_path):
    path = write(tmp_path, "o.json", '[{"name": "Daily Example", "labels": {"type": {"value": "tabloid", "source": "press council"}}}]')
    assert read_outlets(path) == [{"key": "Daily Example", "domain": None, "name": "Daily Example", "display_name": None, "country": None,
                                   "language": None, "owner": None, "labels": {"type": {"value": "tabloid", "source": "press council"}}}]


def test_unreadable_or_non_utf8_files_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        read_outlets(tmp_path / "missing.csv")
    path = tmp_path / "latin.csv"
    path.write_bytes("domain,owner\nexample.com,Caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_outlets(path)


def test_outlets_are_found_by_host_subdomain_and_name():
    directory = OutletDirectory(read_outlets(FIXTURE) + [{"key": "Daily Example", "domain": None, "name": "Daily Example",
                                                           "labels": {}}])
    assert directory.find("www.nytimes.com")["key"] == "nytimes.com"
    assert directory.find("thecaucus.blogs.nytimes.com")["key"] == "nytimes.com"
    assert directory.find("notnytimes.com") is None and directory.find(None) is None
    assert directory.find("daily example")["key"] == "Daily Example"
    assert directory.display(None) == "unknown" and directory.display("foxnews.com") == "Fox News"
    assert directory.label("elsewhere.org", "lean") == "unknown"


def test_coverage_by_group_and_the_blindspot_flag():
    directory = OutletDirectory(read_outlets(FIXTURE))
    both = story_coverage(["foxnews.com", "nytimes.com", "foxnews.com", None], directory)
    lean = both[0]
    assert lean.key == "lean" and lean.groups == {"right": {"foxnews.com": 2}, "center": {"nytimes.com": 1}, "unknown": {"unknown": 1}}
    assert blindspots(both) == {}
    one_side = story_coverage(["foxnews.com", "latino.foxnews.com", "elsewhere.org"], directory)
    assert blindspots(one_side) == {"lean": "right", "type": "cable news"}
    assert blindspots(story_coverage(["elsewhere.org"], directory)) == {}  # nothing known: no flag
