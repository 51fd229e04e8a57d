"""Rich text: Markdown in, sanitized HTML out, never a request to another site."""

from dclic.core.richtext import plain_text, render, sanitize


def test_markdown_becomes_html_with_headings_below_the_page_title():
    html = render("# Chapitre\n\nDu **gras**, de l'*italique* et ~~barré~~.\n\n- un\n- deux")
    assert "<h2>Chapitre</h2>" in html
    assert "<strong>gras</strong>" in html and "<em>italique</em>" in html
    assert "<s>barré</s>" in html or "<del>barré</del>" in html
    assert "<ul>" in html and "<li>un</li>" in html


def test_tables_are_kept():
    html = render("| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<table>" in html and "<td>1</td>" in html


def test_raw_html_and_scripts_are_shown_as_text_never_run():
    html = render('<script>alert(1)</script> <img src=x onerror="alert(1)">')
    assert "<script" not in html and "<img" not in html  # shown as text, inert
    assert "&lt;script&gt;" in html


def test_dangerous_links_lose_their_address():
    html = render("[clic](javascript:alert(1)) [ok](https://oif.org)")
    assert "javascript:" not in html.replace("[clic](javascript:alert(1))", "")
    assert 'href="https://oif.org"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_images_only_come_from_this_platform():
    html = render("![ailleurs](https://tracker.example/pixel.png) ![ici](/files/3/abc/photo.png)")
    assert "tracker.example" not in html
    assert 'src="/files/3/abc/photo.png"' in html
    assert "//" not in sanitize('<img src="//tracker.example/x.png">')


def test_sanitize_removes_what_a_later_rule_forbids():
    assert (
        sanitize('<p style="color:red" onclick="x()">a</p><iframe src="/x"></iframe>') == "<p>a</p>"
    )


def test_plain_text_strips_markup_and_cuts_on_a_word():
    assert plain_text("Un **cours** pour _bien_ débuter", limit=15) == "Un cours pour…"
    assert plain_text("") == ""
