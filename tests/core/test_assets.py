"""Static files: content-hashed names, precompressed, cached for a year."""

import re


def stylesheet_url(client) -> str:
    html = client.get("/").get_data(as_text=True)
    return re.search(r'href="(/static/css/dclic\.[0-9a-f]{10}\.css)"', html).group(1)


def test_pages_link_the_stylesheet_by_a_content_hashed_name(client):
    assert stylesheet_url(client)


def test_static_files_are_cached_for_a_year_and_served_precompressed(client):
    url = stylesheet_url(client)
    response = client.get(url, headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Encoding"] == "br"
    assert response.mimetype == "text/css"
    plain = client.get(url)
    assert "Content-Encoding" not in plain.headers
    assert b":root" in plain.data
    assert len(response.data) < len(plain.data) / 2


def test_a_revalidation_of_an_unchanged_file_costs_no_body(client):
    url = stylesheet_url(client)
    etag = client.get(url).headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""


def test_unhashed_or_unknown_static_names_are_404(client):
    assert client.get("/static/css/dclic.css").status_code == 404
    assert client.get("/static/../pyproject.toml").status_code == 404


def test_a_bundle_joins_scripts_into_one_cacheable_file(tmp_path):
    from dclic.core.assets import AssetStore

    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "a.js").write_text("var a = 1")
    (tmp_path / "js" / "b.js").write_text("var b = a + 1;\n")
    store = AssetStore(tmp_path)
    assert store.add_bundle("js/ab.js", ("js/a.js", "js/b.js"))
    bundle = store.assets["js/ab.js"]
    # A statement separator between the parts: a file without its final ";" cannot swallow
    # the next one.
    assert bundle.raw == b"var a = 1\n;\nvar b = a + 1;\n"
    assert store.by_hashed[bundle.hashed_name] is bundle
    assert bundle.hashed_name.startswith("js/ab.") and bundle.mimetype.endswith("javascript")


def test_a_bundle_with_a_missing_part_is_not_made(tmp_path):
    from dclic.core.assets import AssetStore

    (tmp_path / "a.js").write_text("var a = 1;")
    store = AssetStore(tmp_path)
    assert not store.add_bundle("ab.js", ("a.js", "vendor/missing.js"))
    assert "ab.js" not in store.assets
