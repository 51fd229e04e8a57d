"""Link previews (Open Graph, Twitter card) and plain share links on course and path pages."""

import html
import re
from urllib.parse import parse_qs, unquote, urlsplit

from dclic.core.db import db
from dclic.courses.sharing import excerpt, share_links

URL = "https://dclic.example/courses/X-1"


def meta(body: str) -> dict[str, str]:
    """The page's ``<meta property|name=… content=…>``, unescaped."""
    found = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', body)
    return {name: html.unescape(content) for name, content in found}


def share_hrefs(body: str) -> dict[str, str]:
    block = re.search(r'<section class="share".*?</section>', body, re.S).group(0)
    found = re.findall(r'<a href="([^"]+)" class="share-(\w+)" rel="noopener noreferrer">', block)
    return {network: html.unescape(href) for href, network in found}


def test_share_links_are_plain_encoded_addresses_of_each_network():
    links = {link.network: link.href for link in share_links(URL, "Sécurité & vie privée")}
    assert set(links) == {"whatsapp", "facebook", "linkedin", "x", "email"}
    assert parse_qs(urlsplit(links["whatsapp"]).query) == {"text": [f"Sécurité & vie privée {URL}"]}
    assert urlsplit(links["whatsapp"]).netloc == "wa.me"
    assert parse_qs(urlsplit(links["facebook"]).query) == {"u": [URL]}
    assert parse_qs(urlsplit(links["linkedin"]).query) == {"url": [URL]}
    assert parse_qs(urlsplit(links["x"]).query) == {"text": ["Sécurité & vie privée"], "url": [URL]}
    mail = links["email"]
    assert mail.startswith("mailto:?subject=S%C3%A9curit%C3%A9%20%26%20vie%20priv%C3%A9e&body=")
    assert "+" not in mail  # mail programs read + literally
    assert unquote(mail.split("&body=")[1]) == f"Sécurité & vie privée {URL}"
    assert all(href.startswith(("https://", "mailto:")) for href in links.values())


def test_excerpts_are_plain_text_cut_on_a_word():
    assert excerpt("Un **cours** & [un lien](https://x.org)") == "Un cours & un lien"
    cut = excerpt("mot " * 100, length=50)
    assert len(cut) <= 50 and cut.endswith("mot…")


def test_a_course_page_has_link_preview_tags_on_the_public_address(app, client, create_course):
    create_course(
        code="SH-OG-1",
        title='Le "HTML" <pour> tous',
        summary="Des **balises** & des <script>alert(1)</script> pages.",
    )
    body = client.get("/courses/SH-OG-1").get_data(as_text=True)
    tags = meta(body)
    base = app.config["DCLIC_BASE_URL"].rstrip("/")
    assert tags["og:url"] == f"{base}/courses/SH-OG-1"
    assert tags["og:title"] == 'Le "HTML" <pour> tous'
    assert tags["og:description"] == "Des balises & des <script>alert(1)</script> pages."
    assert tags["og:type"] == "website" and tags["og:site_name"]
    assert tags["twitter:card"] == "summary" and "og:image" not in tags
    assert f'<link rel="canonical" href="{base}/courses/SH-OG-1">' in body
    head = body[: body.index("</head>")]
    assert 'content="Le &#34;HTML&#34; &lt;pour&gt; tous"' in head  # escaped in the attribute
    assert "<pour>" not in body and "<script>" not in body  # text, escaped everywhere


def test_a_cover_becomes_the_preview_image_on_the_public_address(app, client, create_course):
    from dclic.files.models import StoredFile

    variants = [
        {"width": w, "height": w // 2, "media_type": "image/jpeg", "sha256": f"{w:064x}", "size": 1}
        for w in (640, 1280)
    ]
    stored = StoredFile(
        sha256="ab" * 32,
        size=1,
        media_type="image/jpeg",
        kind="image",
        original_name="c.jpg",
        is_public=True,
        variants=variants,
    )
    db.session.add(stored)
    db.session.flush()
    create_course(code="SH-IMG-1", cover_file_id=stored.id)
    tags = meta(client.get("/courses/SH-IMG-1").get_data(as_text=True))
    base = app.config["DCLIC_BASE_URL"].rstrip("/")
    assert tags["og:image"].startswith(f"{base}/files/{stored.id}/")
    assert tags["og:image"].endswith("/w/1280.jpg")
    assert tags["twitter:card"] == "summary_large_image"
    stored.is_public = False  # networks fetch it signed out: a private image is not offered
    db.session.flush()
    assert "og:image" not in meta(client.get("/courses/SH-IMG-1").get_data(as_text=True))


def test_course_and_path_pages_have_share_links_and_nothing_from_elsewhere(
    app, client, create_course, create_path
):
    course = create_course(code="SH-LNK-1", title="Tableur & budget")
    create_path(courses=[(course, True)], code="SH-PATH-1", title="Parcours bureautique")
    base = app.config["DCLIC_BASE_URL"].rstrip("/")
    for address, title in (("/courses/SH-LNK-1", "Tableur & budget"), ("/paths/SH-PATH-1", None)):
        body = client.get(address).get_data(as_text=True)
        hrefs = share_hrefs(body)
        assert set(hrefs) == {"whatsapp", "facebook", "linkedin", "x", "email"}
        assert parse_qs(urlsplit(hrefs["facebook"]).query)["u"] == [base + address]
        if title:
            assert parse_qs(urlsplit(hrefs["x"]).query)["text"] == [title]
        assert meta(body)["og:url"] == base + address
        # No script, stylesheet or image is loaded from another site.
        loaded = re.findall(
            r'<(?:script|img|source|iframe|link)\b[^>]*?(?:src|href)="([^"]+)"', body
        )
        assert loaded and all(
            src.startswith(base) or not src.startswith(("http:", "https:", "//")) for src in loaded
        )
