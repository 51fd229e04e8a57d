"""Agendas: a person's appointments, virtual classes, shared-agenda events and due days by
month, by week or as a list (no JavaScript, 320 px), all from one source (``agenda.py``);
their iCalendar subscription address (secret, revocable) and the feed itself."""

from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_date, get_day_names
from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from dclic import audit
from dclic.accounts import queries as accounts
from dclic.core.db import db, utcnow
from dclic.core.errors import NotAllowed, NotFound
from dclic.core.forms import PlainForm
from dclic.core.http import external_url
from dclic.core.i18n import force_locale, get_locale
from dclic.core.i18n import gettext as _
from dclic.mentoring import agenda as source
from dclic.mentoring import display, feeds, ical, permissions, queries, services
from dclic.mentoring.times import local_day_bounds

VIEWS = ("list", "week", "month")
FEED_PAST = timedelta(days=90)  # how far back the feed goes
LIST_AT_MOST = 60  # items to come in the list view (the week and month views show the rest)


def _owner():
    """Whose agenda: one's own, or (for the pedagogical team) ``?of=<learner code>``."""
    code = request.args.get("of")
    if not code:
        return current_user
    if not permissions.can_view_all_appointments(current_user):
        raise NotAllowed(_("You may see only your own agenda."))
    owner = accounts.get_user_by_learner_code(code)
    if owner is None:
        raise NotFound(_("No account has this learner code."))
    return owner


def _day(zone) -> date:
    """``?date=``, within two years of today; else today."""
    today = utcnow().astimezone(zone).date()
    try:
        day = date.fromisoformat(request.args.get("date", ""))
    except ValueError:
        return today
    return day if abs(day - today) <= display.REACH else today


def _week(owner, day: date, zone) -> dict:
    monday = day - timedelta(days=day.weekday())
    start = local_day_bounds(monday, zone)[0]
    end = local_day_bounds(monday + timedelta(days=6), zone)[1]
    by_day = source.by_day(source.collect(owner, start, end, zone), zone)
    days = [monday + timedelta(days=n) for n in range(7)]
    return {
        "days": [(d, by_day.get(d, [])) for d in days],
        "previous": monday - timedelta(days=7),
        "next": monday + timedelta(days=7),
    }


def _month(owner, day: date, zone) -> dict:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    grid_start = first - timedelta(days=first.weekday())
    grid_end = following + timedelta(days=(7 - following.weekday()) % 7)
    start, end = local_day_bounds(grid_start, zone)[0], local_day_bounds(grid_end, zone)[0]
    by_day = source.by_day(source.collect(owner, start, end, zone), zone)
    dates = [grid_start + timedelta(days=n) for n in range((grid_end - grid_start).days)]
    return {
        "month": first,
        "month_label": format_date(first, "LLLL y", locale=get_locale()),
        "weeks": [dates[i : i + 7] for i in range(0, len(dates), 7)],
        "by_day": by_day,
        "previous": (first - timedelta(days=1)).replace(day=1),
        "next": following,
    }


def _list(owner, zone) -> dict:
    now = utcnow()
    appointments = queries.list_agenda(owner, now)
    coming = source.collect(owner, now, None, zone, appointments=appointments.upcoming)
    return {
        "coming": coming[:LIST_AT_MOST],
        "more": len(coming) > LIST_AT_MOST,
        "free_requests": [a for a in appointments.upcoming if a.starts_at is None],
        "past": appointments.past,
    }


def _feed_addresses(owner) -> dict | None:
    feed = queries.get_feed(owner) if owner.id == current_user.id else None
    if feed is None:
        return None
    https = external_url("mentoring.feed", secret=feeds.secret_of(feed))
    return {"https": https, "webcal": "webcal" + https[https.index(":") :], "feed": feed}


@login_required
def agenda():
    owner = _owner()
    zone = display.viewer_zone()
    view = request.args.get("view", "list")
    view = view if view in VIEWS else "list"
    day = _day(zone)
    context = {"owner": owner, "view": view, "zone": zone, "day": day}
    if view == "list":
        context.update(_list(owner, zone))
    elif view == "week":
        context.update(_week(owner, day, zone))
    else:
        context.update(_month(owner, day, zone))
    locale = get_locale()
    html = render_template(
        "mentoring/agenda.html",
        **context,
        title=_("My agenda")
        if owner.id == current_user.id
        else _("Agenda of %(name)s", name=owner.display_name),
        now=utcnow(),
        today=utcnow().astimezone(zone).date(),
        day_names=get_day_names("wide", locale=locale),
        short_names=get_day_names("short", locale=locale),
        feed=_feed_addresses(owner),
        feed_form=PlainForm(formdata=None),
        of=request.args.get("of"),
    )
    if owner.id != current_user.id:
        audit.record("view_agenda", object_type="users", object_id=owner.id)
        db.session.commit()
    return html


@login_required
def open_feed():
    """A new secret address (CSRF checked by CSRFProtect before the view)."""
    services.open_feed(current_user)
    db.session.commit()
    flash(_("Your calendar address is ready. Any earlier address no longer works."), "success")
    return redirect(url_for("mentoring.agenda", _anchor="feed"))


@login_required
def revoke_feed():
    services.revoke_feed(current_user)
    db.session.commit()
    flash(
        _("Your calendar address is closed: calendars no longer receive your appointments."),
        "success",
    )
    return redirect(url_for("mentoring.agenda", _anchor="feed"))


def feed(secret: str):
    """The subscription feed: no sign-in, the secret address is the proof."""
    calendar, owner = queries.get_feed_owner(secret)
    since = utcnow() - FEED_PAST
    items = source.for_feed(owner, since)
    of_kind = {kind: [i.obj for i in items if i.kind == kind] for kind in source.KINDS}
    locale = owner.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        body = ical.calendar_of(
            of_kind["appointment"],
            owner,
            _("Appointments – %(name)s", name=owner.display_name),
            sessions=of_kind["session"],
            events=of_kind["event"],
            deadlines=of_kind["deadline"],
        )
    services.note_feed_read(calendar)
    db.session.commit()
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": 'inline; filename="appointments.ics"',
            "Cache-Control": "private, no-cache",
            "X-Robots-Tag": "noindex",
        },
    )
