"""Catalogue pages: courses and learning paths, for everyone, signed in or not."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from dclic.core import richtext
from dclic.courses import queries, sharing
from dclic.courses.forms import CatalogueFilterForm

PER_PAGE = 20


def _page_number() -> int:
    return min(max(request.args.get("page", 1, type=int), 1), 100_000)


def catalogue():
    form = CatalogueFilterForm(formdata=request.args)
    form.set_choices(*queries.list_filter_choices())
    if not form.validate():
        return render_template("courses/catalogue.html", form=form, page=None), 422
    page = queries.list_published_courses(**form.filters, page=_page_number(), per_page=PER_PAGE)
    return render_template("courses/catalogue.html", form=form, page=page, excerpt=sharing.excerpt)


def course(code: str):
    course = queries.get_published_course(code, syllabus=True)
    if code != course.code:  # one address per course: /courses/DCLIC-WEB-001
        return redirect(url_for("courses.course", code=course.code), 301)
    return render_template(
        "courses/course.html",
        course=course,
        summary=richtext.render(course.summary),
        card=sharing.course_card(course),
    )


def paths():
    page = queries.list_published_paths(page=_page_number(), per_page=PER_PAGE)
    return render_template("courses/paths.html", page=page, excerpt=sharing.excerpt)


def path(code: str):
    path = queries.get_published_path(code)
    if code != path.code:
        return redirect(url_for("courses.path", code=path.code), 301)
    return render_template(
        "courses/path.html",
        path=path,
        summary=richtext.render(path.summary),
        card=sharing.path_card(path),
    )
