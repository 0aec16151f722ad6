"""Helpers to drive the real Wagtail admin forms over HTTP in tests.

The edit and create forms are read from the rendered page, so a test posts exactly what a
browser would (hidden formset counters, StreamField state), then overrides the fields it
cares about.
"""

from __future__ import annotations

from bs4 import BeautifulSoup


def form_data(html: str | bytes, form_id: str = "page-edit-form") -> dict[str, str]:
    """Field values of the form ``form_id`` as a browser would submit them (no buttons)."""
    soup = BeautifulSoup(html, "lxml")
    form = soup.find("form", id=form_id)
    if form is None:
        raise AssertionError(f"form #{form_id} not found in the page")
    data: dict[str, str] = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "button", "file"}:
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            selected = field.find("option", selected=True)
            if selected is None and field.has_attr("multiple"):
                continue  # a browser posts nothing for a multiple select with no choice
            data[name] = selected.get("value", "") if selected else ""
        elif field.get("type") in {"checkbox", "radio"}:
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    # StreamFields are rendered by JavaScript from a JSON definition; an empty stream posts
    # only its block count.
    for stream in form.select('[data-controller~="w-block"]'):
        if stream.get("data-w-block-arguments-value", "").startswith("[[]"):
            data[f"{stream['id']}-count"] = "0"
    return data


def rich_text(text: str) -> str:
    """Draftail's JSON for one paragraph of ``text`` (what the editor posts)."""
    import json

    return json.dumps(
        {
            "blocks": [{"key": "a1b2c", "type": "unstyled", "depth": 0, "text": text,
                        "inlineStyleRanges": [], "entityRanges": [], "data": {}}],
            "entityMap": {},
        }
    )


def form_errors(html: str | bytes) -> str:
    """The error messages an admin form shows, for assertion messages."""
    soup = BeautifulSoup(html, "lxml")
    messages = [el.get_text(" ", strip=True) for el in soup.select(".error-message, [data-field-errors], .messages")]
    return " | ".join(m for m in messages if m) or "(no error shown)"
