"""What a course or path page offers those who share it: a card for link previews (Open Graph
and Twitter card tags) and plain share links.

The links are ordinary addresses of each network's share page: no script, no button image, no
tracking parameter; nothing is sent anywhere until the visitor follows one. The page's address
is the public, absolute one (``DCLIC_BASE_URL``), never the request's Host.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from flask import current_app

from dclic.core.http import external_url
from dclic.core.i18n import lazy_gettext as _l
from dclic.core.richtext import plain_text
from dclic.courses.models import Course, LearningPath
from dclic.files.urls import image_url

DESCRIPTION_LENGTH = 200  # link previews show about two lines
OG_IMAGE_WIDTH = 1200  # the width networks ask for (1200 × 630)


@dataclass(frozen=True)
class ShareLink:
    network: str  # a stable name, for the page's CSS and tests
    label: str
    href: str


@dataclass(frozen=True)
class ShareCard:
    """The page as a link preview shows it, and the addresses to share it."""

    url: str
    title: str
    description: str
    image: str | None = None

    @property
    def links(self) -> list[ShareLink]:
        return share_links(self.url, self.title)


def share_links(url: str, title: str) -> list[ShareLink]:
    """Plain links to share ``url`` on WhatsApp, Facebook, LinkedIn, X and by e-mail."""
    with_title = f"{title} {url}"
    return [
        ShareLink("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": with_title})),
        ShareLink(
            "facebook",
            "Facebook",
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        ),
        ShareLink(
            "linkedin",
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        ),
        ShareLink("x", "X", "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        # mailto: wants %20 for spaces, not + (RFC 6068).
        ShareLink(
            "email",
            str(_l("E-mail")),
            f"mailto:?subject={quote(title, safe='')}&body={quote(with_title, safe='')}",
        ),
    ]


def excerpt(markdown_text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """A Markdown summary as short plain text (link previews, catalogue cards), cut on a word."""
    text = html.unescape(plain_text(markdown_text))  # plain_text keeps &amp; escaped
    if len(text) > length:
        text = text[: length - 1].rsplit(" ", 1)[0] + "…"
    return text


def absolute(path: str) -> str:
    """``path`` on the public address of the platform."""
    base = urlsplit(current_app.config["DCLIC_BASE_URL"])
    return f"{base.scheme}://{base.netloc}{path}"


def course_card(course: Course) -> ShareCard:
    cover = course.cover
    # Networks fetch the image signed out: only a public cover can be shown.
    if cover is None or not (cover.is_image and cover.is_public):
        cover = None
    return ShareCard(
        url=external_url("courses.course", code=course.code),
        title=course.title,
        description=excerpt(course.summary),
        image=absolute(image_url(cover, OG_IMAGE_WIDTH)) if cover else None,
    )


def path_card(path: LearningPath) -> ShareCard:
    return ShareCard(
        url=external_url("courses.path", code=path.code),
        title=path.title,
        description=excerpt(path.summary),
    )
