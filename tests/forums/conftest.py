"""People and places of the forums tests: a course with a learner, its mentor, a moderator,
an outsider; a community forum; ``write`` to open threads."""

from __future__ import annotations

import pytest

from dclic.accounts import groups
from dclic.forums import manage, services
from dclic.learning import services as learning


@pytest.fixture
def admin(create_user):
    return create_user(roles=("admin",))


@pytest.fixture
def course(create_course):
    return create_course()


@pytest.fixture
def learner(create_user, course):
    user = create_user()
    learning.enrol_in_course(user, user, course)
    return user


@pytest.fixture
def mentor(create_user, course, admin):
    """A mentor holding the mentor role within the course only."""
    user = create_user(roles=("learner",))
    groups.assign_role(admin, user, "mentor", "course", course.id)
    return user


@pytest.fixture
def moderator(create_user):
    return create_user(roles=("moderator",))


@pytest.fixture
def outsider(create_user):
    return create_user()


@pytest.fixture
def course_forum(course, learner):
    return services.open_context_forum(learner, "course", course.id)


@pytest.fixture
def community(admin):
    category = manage.save_category(admin, "Entraide", 1)
    return manage.save_forum(
        admin, "Questions générales", "Pour tout le monde", category_id=category.id
    )


@pytest.fixture
def write():
    """``write(author, forum, title="…", body="…")`` → a thread."""

    def make(author, forum, title="Une question", body="Comment faire ?", **options):
        return services.create_thread(author, forum, title, body, **options)

    return make
