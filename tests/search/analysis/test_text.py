"""Plain text out of rich text and StreamField data."""

from search.analysis.text import html_to_text, stream_text


def test_html_to_text_drops_tags_and_decodes_entities():
    assert html_to_text("<p>办理&nbsp;<b>营业执照</b></p><script>x</script>") == "办理 营业执照 x"


def test_stream_text_walks_raw_data():
    raw = [{"type": "paragraph", "value": "<p>第一段</p>", "id": "a"},
           {"type": "list", "value": ["甲", {"text": "乙"}], "id": "b"}]
    assert stream_text(raw) == "第一段 甲 乙"
