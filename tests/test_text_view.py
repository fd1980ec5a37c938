"""The offset-keeping text view of an HTML page (newsweave.htmltext.text_view): what a reader sees, where it came from."""
from newsweave.htmltext import text_view


def test_a_script_ends_at_its_first_closing_tag_whatever_it_holds():
    page = '<p>Before</p><script>if (a<b) { s = "<p>"; }</script><p>After the script</p>'
    view = text_view(page)
    assert view.text.split() == ["Before", "After", "the", "script"]
    at = view.text.index("After")
    assert page[view.origin[at]:view.origin[at] + 5] == "After"  # offsets still point into the raw page
    assert text_view("<style>p { x: '<b>' }</STYLE >kept").text == "kept"
    assert text_view("<p>x</p><style-guide>custom element</style-guide>").text.split() == ["x", "custom", "element"]


def test_an_unclosed_script_hides_the_rest_and_unterminated_closing_tags_stay_cheap():
    assert text_view("<p>shown</p><script>var never = 1; <p>hidden</p>").text.split() == ["shown"]
    # every "</script " without a ">" after it: one search to the end, not one per tag
    assert text_view("<p>x</p><script>" + "</script " * 50_000).text.split() == ["x"]


def test_a_head_left_open_ends_where_the_body_starts():
    page = "<html><head><title>Page title</title><meta charset=utf-8><body><p>The story text.</p></body></html>"
    assert text_view(page).text.split() == ["The", "story", "text."]
