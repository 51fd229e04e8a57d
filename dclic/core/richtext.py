"""Rich text written by people (courses, forums, news): Markdown in, safe HTML out.

Authors write Markdown (CommonMark with tables and strike-through, raw HTML disabled). The
rendered HTML is sanitized with nh3 on save, and again on render by :func:`sanitize`, so a rule
tightened later reaches what was saved before. Images may only come from this platform
(relative addresses): a page never makes a request to another site.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6",
        "hr", "i",
        "img", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td",
        "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"},
    "th": {"align", "scope"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable(["table", "strikethrough"])


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    # Only images of this platform: an outside image would be a request to another site.
    if (
        tag == "img"
        and attribute == "src"
        and not (value.startswith("/") and not value.startswith("//"))
    ):
        return None
    return value


def sanitize(html: str) -> Markup:
    """``html`` with everything but the allowed tags, attributes and link schemes removed."""
    cleaned = nh3.clean(
        html or "",
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Markup(cleaned)  # noqa: S704 - just sanitized


def _to_html(markdown_text: str) -> str:
    tokens = _markdown.parse(markdown_text or "")
    for token in tokens:
        # The page has its own title (h1): the author's headings start one level below it.
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
    return _markdown.renderer.render(tokens, _markdown.options, {})


def render(markdown_text: str) -> Markup:
    """Markdown written by someone, as sanitized HTML ready for a template."""
    return sanitize(_to_html(markdown_text))


def plain_text(markdown_text: str, limit: int | None = None) -> str:
    """The words of a Markdown text without markup (summaries, meta descriptions)."""
    text = " ".join(nh3.clean(_to_html(markdown_text), tags=set()).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text
