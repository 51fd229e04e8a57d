"""The forums part of the French demo data set (see dclic.demo); idempotent.

A community forum in two categories (*Entraide*: questions générales; *Vie de la
communauté*: présentations, annonces) with a few threads; the forum of the course
*DCLIC-WEB-001*, where Moussa Traoré asks a question, his mentor Aminata Diallo answers and
Moussa accepts her answer. Seeded without mail: the authors follow their threads afterwards.
"""

from __future__ import annotations

import sqlalchemy as sa

from dclic.accounts import queries as accounts
from dclic.core.db import db
from dclic.courses import queries as courses
from dclic.forums import services, subscriptions
from dclic.forums.models import Forum, ForumCategory, ForumPost

CATEGORIES = {
    "Entraide": [("Questions générales", "Posez ici vos questions sur la plateforme.", False)],
    "Vie de la communauté": [
        ("Présentations", "Présentez-vous à la communauté D-CLIC.", False),
        ("Trouver un stage", "Offres, conseils et retours d'expérience.", True),
    ],
}
# forum title, author, thread title, opening post, [(author, reply)]
THREADS = [
    (
        "Présentations",
        "fatou.ndiaye@dclic.example",
        "Bonjour depuis Dakar !",
        "Je m'appelle **Fatou**, je suis le parcours *Initiation au numérique*. Et vous ?",
        [("élève@école.example", "Bienvenue Fatou ! Moi c'est Awa, je viens d'Abidjan.")],
    ),
    (
        "Questions générales",
        "élève@école.example",
        "Peut-on suivre les cours hors connexion ?",
        "Ma connexion est souvent coupée le soir. Comment faire pour avancer quand même ?",
        [
            (
                "koffi.mensah@dclic.example",
                "Les pages sont légères : ouvrez l'étape pendant que la connexion tient, "
                "elle reste lisible ensuite.",
            )
        ],
    ),
]
COURSE = "DCLIC-WEB-001"
QUESTION = (
    "moussa.traore@dclic.example",
    "Différence entre balise et attribut ?",
    'Dans `<a href="…">`, je ne comprends pas ce qui est la balise et ce qui est l\'attribut.',
)
ANSWER = (
    "aminata.diallo@dclic.example",
    "`a` est la **balise** (l'élément lien) ; `href` est un **attribut** : une précision "
    "donnée à la balise, ici l'adresse du lien.",
)


def _visible(thread) -> None:
    """Demo posts are published at once, whatever the hold setting."""
    for post in db.session.scalars(sa.select(ForumPost).where(ForumPost.thread_id == thread.id)):
        if post.status == "held":
            post.status = "visible"
            services.made_visible(post)


def _community() -> tuple[dict[str, Forum], int]:
    forums, made = {}, 0
    for position, (title, entries) in enumerate(CATEGORIES.items(), start=1):
        category = ForumCategory(title=title, position=position)
        db.session.add(category)
        db.session.flush()
        for order, (name, description, is_qa) in enumerate(entries, start=1):
            forum = Forum(
                kind="community", category_id=category.id, title=name,
                description=description, position=order, is_qa=is_qa,
            )  # fmt: skip
            db.session.add(forum)
            forums[name] = forum
            made += 1
    db.session.flush()
    return forums, made


def _thread(forum, author, title, body, replies) -> tuple:
    thread = services.create_thread(author, forum, title, body, follow=False)
    _visible(thread)
    posts = [services.reply(who, thread, text, follow=False) for who, text in replies]
    _visible(thread)
    return thread, posts


def seed_forums() -> dict[str, int]:
    """Create the demo forums and threads, once (nothing if the community forums exist)."""
    if db.session.scalar(sa.select(Forum.id).where(Forum.kind == "community").limit(1)):
        return {}
    people = {}
    for email in {
        THREADS[0][1],
        THREADS[1][1],
        QUESTION[0],
        ANSWER[0],
        "koffi.mensah@dclic.example",
    }:
        people[email] = accounts.get_user_by_email(email)
    if any(user is None for user in people.values()):
        return {}
    forums, made_forums = _community()
    followers, made_threads = [], 0
    for forum_title, author, title, body, replies in THREADS:
        thread, _posts = _thread(
            forums[forum_title], people[author], title, body,
            [(people[who], text) for who, text in replies],
        )  # fmt: skip
        followers.append((people[author], thread))
        made_threads += 1
    course = courses.get_course(COURSE)
    asker, mentor = people[QUESTION[0]], people[ANSWER[0]]
    if course is not None:
        forum = services.open_context_forum(asker, "course", course.id)
        thread, (answer,) = _thread(forum, asker, QUESTION[1], QUESTION[2], [(mentor, ANSWER[1])])
        services.accept_answer(asker, answer)
        followers += [(asker, thread), (mentor, thread)]
        made_forums, made_threads = made_forums + 1, made_threads + 1
    for user, thread in followers:
        subscriptions.follow_thread(user, thread)
    db.session.flush()
    return {"forums": made_forums, "forum threads": made_threads}
