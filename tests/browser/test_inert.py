"""A value from the URL shown back renders as plain text in a real browser: no link (Markdown or a
bare URL), no HTML, no emphasis (``ui.inert``; here the identity on the "no access yet" page)."""

from __future__ import annotations

from urllib.parse import quote

from playwright.sync_api import Page, expect

from scripts.driving import open_page

HOSTILE = "[x](http://evil.example) www.evil.example <b>bold</b> **strong** `code` :red[red]"


def test_an_identity_from_the_url_is_shown_as_typed(page: Page) -> None:
    open_page(page, f"/?as={quote(HOSTILE)}")
    message = page.locator('[data-testid="stMarkdownContainer"]', has_text="You are signed in as")
    expect(message).to_have_count(1)
    assert HOSTILE in " ".join(message.inner_text().split())
    for tag in ("a", "b", "strong", "span[style]", "script"):
        expect(message.locator(tag)).to_have_count(0)
