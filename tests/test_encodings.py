"""Pages in their original encodings: declared charsets, detection, stray bytes, NFC text; pages generated here."""
from __future__ import annotations

import unicodedata

import pytest

from newsweave.errors import UnsupportedInput
from newsweave.extract import extract_article
from newsweave.ingest.decode import charset_of_content_type, codec_for, decode_bytes, declared_charset
from newsweave.ingest.readers import read_document

TEXTS = {
    "de": "Die Bürger müssen über die Straße gehen, sagte Öztürk am Dienstag. Ähnliche Fälle gab es in Köln und Düsseldorf.",
    "fr": "L'été dernier, à Paris, les élèves ont célébré la fête à côté de la forêt. Où êtes-vous allés après la rentrée?",
    "cs": "Příliš žluťoučký kůň úpěl ďábelské ódy. Vláda schválila nový zákon o daních a šetření.",
    "pl": "Zażółć gęślą jaźń. Rząd przyjął ustawę o podatkach w środę wieczorem, mówi minister.",
    "zh": "中华人民共和国的首都是北京。今天天气很好，我们去公园散步，然后在湖边吃了午饭。",
    "ru": "Правительство России одобрило новый закон о налогах в среду вечером, сообщил министр.",
}


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>News</title></head><body><article><p>{body}</p></article></body></html>"


@pytest.mark.parametrize("lang,charset", [
    ("de", "iso-8859-1"), ("de", "windows-1252"), ("fr", "iso-8859-15"), ("cs", "windows-1250"), ("cs", "iso-8859-2"),
    ("pl", "iso-8859-2"), ("zh", "gb2312"), ("zh", "gbk"), ("ru", "koi8-r"), ("ru", "windows-1251"),
])
@pytest.mark.parametrize("declaration", ["meta", "http-equiv", "xml"])
def test_a_page_declaring_its_charset_is_read_in_it(lang, charset, declaration):
    body = TEXTS[lang] * 3
    head = {
        "meta": f'<meta charset="{charset}">',
        "http-equiv": f'<meta http-equiv="Content-Type" content="text/html; charset={charset.upper()}">',
        "xml": "",
    }[declaration]
    html = page(body, head)
    if declaration == "xml":
        html = f'<?xml version="1.0" encoding="{charset}"?>\n' + html
    text, _ = decode_bytes(html.encode(charset), "page.html")
    assert body in text


def test_the_transport_charset_comes_before_the_page_and_valid_utf8_before_a_wrong_label():
    body = TEXTS["cs"]
    data = page(body, '<meta charset="iso-8859-1">').encode("iso-8859-2")
    assert body in decode_bytes(data, "warc#1", declared="ISO-8859-2")[0]  # the HTTP header is right, the page is not
    utf8 = page(body, '<meta charset="iso-8859-1">').encode("utf-8")
    assert decode_bytes(utf8, "x", declared="iso-8859-1") == (page(body, '<meta charset="iso-8859-1">'), "utf-8")


def test_undeclared_pages_are_detected():
    for lang, charset in (("zh", "gb18030"), ("ru", "windows-1251"), ("de", "windows-1252"), ("fr", "windows-1252")):
        body = TEXTS[lang] * 4
        text, used = decode_bytes(page(body).encode(charset), "page.html")
        assert body in text, (lang, used)


def test_utf8_with_a_stray_byte_stays_utf8_and_only_that_byte_changes():
    good = TEXTS["de"] + " " + TEXTS["fr"]
    data = page(good).encode("utf-8").replace(b"<title>", b"<title>M\xe4scot ")  # a Latin-1 letter pasted in
    text, used = decode_bytes(data, "page.html")
    assert used == "utf-8" and good in text and "Mäscot" in text
    cut = page(good).encode("utf-8").replace(b"<title>", b"<title>\xe2\x80 ")  # a cut three-byte sequence
    text, used = decode_bytes(cut, "page.html")
    assert used == "utf-8" and good in text and text.count("\ufffd") == 1
    truncated = good.encode("utf-8") + "€".encode("utf-8")[:2]  # cut inside the last character
    text, used = decode_bytes(truncated, "t.txt")
    assert (used, text) == ("utf-8", good + "\ufffd")


def test_whatwg_labels_and_content_type():
    assert codec_for("ISO-8859-1") == "cp1252" and codec_for("latin1") == "cp1252" and codec_for("US-ASCII") == "cp1252"
    assert codec_for("gb2312") == "gb18030" and codec_for("GBK") == "gb18030"
    assert codec_for("Shift_JIS") == "cp932" and codec_for("euc-kr") == "cp949"
    assert codec_for("no-such-charset") is None and codec_for(None) is None
    assert charset_of_content_type('text/html; charset="Windows-1250"') == "Windows-1250"
    assert charset_of_content_type("text/html") is None
    assert declared_charset(b"<html><head><meta charset='utf-8'>") == "utf-8"
    # bytes windows-1252 leaves undefined are read as WHATWG does, not refused
    assert decode_bytes(b"<p>caf\xe9 \x81</p>", "x", declared="iso-8859-1") == ("<p>café \x81</p>", "cp1252")


def test_binary_is_still_refused():
    with pytest.raises(UnsupportedInput):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "image.html")


def test_extracted_text_is_nfc_and_spans_point_at_the_raw_text():
    decomposed = unicodedata.normalize("NFD", TEXTS["de"])
    paragraphs = [decomposed, "Der Stadtrat will im Frühjahr über die Pläne beraten. " * 2, TEXTS["fr"]]
    html = page("</p><p>".join(paragraphs), '<meta charset="utf-8">')
    article = next(read_document(html.encode("utf-8"), "html", "a", "a.html", {}))
    assert article.raw == html  # the decoded input, not normalised
    extract_article(article)
    assert TEXTS["de"] in article.text and decomposed not in article.text
    assert unicodedata.is_normalized("NFC", article.text)
    first = next(p for p in article.paragraphs if p.text == TEXTS["de"])
    assert unicodedata.normalize("NFC", article.raw[first.start : first.end]) == first.text
    plain = next(read_document((decomposed + "\n\n" + TEXTS["fr"]).encode("utf-8"), "text", "b", "b.txt", {}))
    extract_article(plain)
    assert unicodedata.is_normalized("NFC", plain.text) and TEXTS["de"] in plain.text
    assert unicodedata.normalize("NFC", plain.raw[plain.paragraphs[0].start : plain.paragraphs[0].end]) == plain.paragraphs[0].text


def test_a_legacy_page_is_extracted_without_mojibake():
    body = "".join(f"<p>{TEXTS['cs']} Odstavec číslo {i}.</p>" for i in range(6))
    html = f'<html><head><meta http-equiv="content-type" content="text/html; charset=iso-8859-2"><title>Zprávy</title></head><body><article>{body}</article></body></html>'
    article = next(read_document(html.encode("iso-8859-2"), "html", "c", "c.html", {}))
    extract_article(article)
    assert TEXTS["cs"] in article.text and "\ufffd" not in article.text


def test_a_declaration_after_long_scripts_in_the_head_is_found_but_not_one_in_the_body():
    script = "<script>" + "var x = 1;\n" * 2000 + "</script>"
    body = TEXTS["pl"] * 3
    late_head = f"<html><head>{script}<meta charset='iso-8859-2'><title>t</title></head><body><p>{body}</p></body></html>"
    assert declared_charset(late_head.encode("iso-8859-2")) == "iso-8859-2"
    assert body in decode_bytes(late_head.encode("iso-8859-2"), "page.html")[0]
    in_body = f"<html><head><title>t</title></head><body>{script}<meta charset='iso-8859-2'><p>x</p></body></html>"
    assert declared_charset(in_body.encode("ascii")) is None


def test_a_utf16_label_is_trusted_only_where_the_bytes_are_utf16():
    assert decode_bytes("<p>Grüße</p>".encode("utf-16-le"), "warc#1", declared="UTF-16LE") == ("<p>Grüße</p>", "utf-16-le")
    assert decode_bytes("<p>Grüße</p>".encode("utf-8"), "warc#2", declared="utf-16") == ("<p>Grüße</p>", "utf-8")


def test_a_declared_multibyte_page_with_one_bad_byte_keeps_its_charset():
    body = TEXTS["zh"] * 4
    data = page(body, '<meta charset="gb2312">').encode("gb18030").replace(b"<title>", b"<title>\xff")
    text, used = decode_bytes(data, "page.html")
    assert used == "gb18030" and body in text


def test_ingest_stores_every_legacy_page_readable(tmp_path):
    """Reliability case: pages in six encodings (declared or not) and a UTF-8 page with a stray byte, through `ingest`."""
    try:
        from reliability_harness import integrity_ok, run_cli, stored_ids
    except ImportError:  # tests collected as a package
        from .reliability_harness import integrity_ok, run_cli, stored_ids
    import sqlite3
    from pathlib import Path

    pages = {
        "cs.html": (TEXTS["cs"], "iso-8859-2", '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">'),
        "pl.html": (TEXTS["pl"], "windows-1250", '<meta charset="windows-1250">'),
        "zh.html": (TEXTS["zh"], "gb2312", '<meta charset="gb2312">'),
        "ru.html": (TEXTS["ru"], "koi8-r", ""),
        "fr.html": (TEXTS["fr"], "iso-8859-1", '<meta charset="ISO-8859-1">'),
    }
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, (text, charset, head) in pages.items():
        body = "".join(f"<p>{text} ({i})</p>" for i in range(6))
        (inputs / name).write_bytes(page(body, head).encode(charset))
    stray = "".join(f"<p>{TEXTS['de']} ({i})</p>" for i in range(6))
    (inputs / "de.html").write_bytes(page(stray, '<meta charset="utf-8">').encode("utf-8").replace(b"(3)", b"(3) \xe4"))
    db = tmp_path / "store.db"
    outcome = run_cli(["ingest", str(inputs), "--db", str(db)])
    outcome.check_budget()
    assert outcome.code == 0, outcome.err
    assert integrity_ok(db) and len(stored_ids(db)) == 6
    with sqlite3.connect(db) as con:
        stored = {Path(id_).name: text for id_, text in con.execute("SELECT id, text FROM articles")}
    for name, (text, _, _) in pages.items():
        assert f"{text} (0)" in stored[name] and "\ufffd" not in stored[name], name
    assert f"{TEXTS['de']} (3) ä" in stored["de.html"] and f"{TEXTS['de']} (4)" in stored["de.html"]
