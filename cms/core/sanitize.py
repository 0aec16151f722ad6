"""Rich-text sanitizing.

Text that reaches a rich-text field from outside the editor (bulk import, data migration,
API) is cleaned with nh3 to the tags and attributes the Draftail editor itself produces, so
no script, style or event handler ever reaches a public page.
"""

from __future__ import annotations

import html

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "b", "strong", "i", "em", "u", "sub", "sup",
    "ul", "ol", "li", "a", "hr", "blockquote", "table", "thead", "tbody", "tr", "th", "td",
    "embed", "span",
}
ALLOWED_ATTRIBUTES = {
    # Draftail keys every block; dropping the key would make an unchanged body look edited.
    "*": {"data-block-key"},
    "a": {"href", "linktype", "id", "title"},
    "embed": {"embedtype", "id", "format", "alt", "url"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}


def sanitize_html(value: str) -> str:
    """Return ``value`` with every tag and attribute outside the allow-list removed."""
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=None,
        strip_comments=True,
    )


def text_to_rich_text(text: str) -> str:
    """Turn plain text (one paragraph a line) into escaped rich-text paragraphs."""
    paragraphs = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def looks_like_html(text: str) -> bool:
    """True when ``text`` already carries block markup and should be sanitized, not escaped."""
    stripped = (text or "").lstrip()
    return stripped.startswith("<") and ">" in stripped


def with_block_keys(value: str) -> str:
    """Return ``value`` as the rich-text editor itself would save it, with block keys.

    Rule: opening an item in the editor and saving without a change must not count as an
    edit (an approver who "edits" becomes the author of a new revision and may no longer
    approve it — four eyes).  Text written outside the editor lacks Draftail's
    ``data-block-key`` attributes, so it is passed once through the editor's converter.
    """
    if not value or "data-block-key" in value:
        return value
    from django.conf import settings
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    features = settings.WAGTAILADMIN_RICH_TEXT_EDITORS["default"]["OPTIONS"]["features"]
    converter = ContentstateConverter(features)
    return converter.to_database_format(converter.from_database_format(value))
