"""Progress in courses and paths: the figures, and a fixed number of queries (no N+1)."""

from dclic.learning import queries, services
from dclic.learning.progress import load_enrolments, overviews
from tests.conftest import PASSWORD, IsolatedClient
from tests.helpers import post_form


def test_course_progress_counts_steps_done(learner, course_with_steps):
    course, steps = course_with_steps(steps=(2, 1))
    services.enrol_in_course(learner, learner, course)
    services.complete_step(learner, learner, steps[0])
    [item] = queries.get_overview(learner).courses
    assert (item.done, item.total, item.percent, item.is_completed) == (1, 3, 33, False)
    assert item.last_activity_at is not None and item.completed_at is None


def test_a_completed_course_stays_at_100_when_steps_are_added(
    learner, course_with_steps, add_syllabus
):
    course, steps = course_with_steps(steps=(1,))
    services.enrol_in_course(learner, learner, course)
    services.complete_step(learner, learner, steps[0])
    add_syllabus(course, steps=(0, 2))
    [item] = queries.get_overview(learner).courses
    assert (item.done, item.total, item.percent) == (1, 3, 100)
    assert item.completed_at is not None


def test_a_course_without_steps_is_at_0(learner, create_course):
    services.enrol_in_course(learner, learner, create_course())
    [item] = queries.get_overview(learner).courses
    assert (item.total, item.percent) == (0, 0)


def test_path_progress_is_the_mean_of_its_required_courses(learner, course_with_steps, create_path):
    (a, a_steps), (b, _b), (c, c_steps) = (
        course_with_steps(steps=(2,)),
        course_with_steps(steps=(4,)),
        course_with_steps(steps=(1,)),
    )
    path = create_path(courses=[(a, True), (b, True), (c, False)])
    services.enrol_in_path(learner, learner, path)
    services.complete_step(learner, learner, a_steps[0])
    services.complete_step(learner, learner, a_steps[1])
    services.complete_step(learner, learner, c_steps[0])
    overview = queries.get_overview(learner)
    assert overview.courses == []  # the path's courses are shown within the path
    [item] = overview.paths
    assert (item.required_done, item.required_total, item.percent) == (1, 2, 50)
    assert [i.progress.percent for i in item.courses] == [100, 0, 100]
    assert item.next_course.course is b


def test_withdrawn_enrolments_are_not_listed(learner, create_course):
    enrolment = services.enrol_in_course(learner, learner, create_course())
    services.withdraw(learner, enrolment)
    assert queries.get_overview(learner).is_empty


def _follow_many(learner, course_with_steps, create_path, n):
    for _ in range(n):
        course, steps = course_with_steps(steps=(2, 1))
        services.enrol_in_course(learner, learner, course)
        services.complete_step(learner, learner, steps[0])
        other, _steps = course_with_steps(steps=(1,))
        services.enrol_in_path(learner, learner, create_path(courses=[(other, True)]))


def test_overviews_take_a_fixed_number_of_queries(
    session, create_user, course_with_steps, create_path, count_queries
):
    few, many = create_user(), create_user()
    _follow_many(few, course_with_steps, create_path, 1)
    _follow_many(many, course_with_steps, create_path, 6)
    counts = []
    for users in ([few], [few, many]):
        ids = [user.id for user in users]
        session.expire_all()
        with count_queries() as counted:
            found = overviews(load_enrolments(ids))
        counts.append(counted.n)
    assert counts[0] == counts[1] == 4  # enrolments, paths' courses, step totals, steps done
    assert len(found[many.id].courses) == 6 and len(found[many.id].paths) == 6


def test_the_my_learning_page_takes_a_fixed_number_of_queries(
    app, session, create_user, course_with_steps, create_path, count_queries
):
    counts = []
    for n in (1, 5):
        learner = create_user()
        _follow_many(learner, course_with_steps, create_path, n)
        client = IsolatedClient(app, app.response_class, use_cookies=True)
        post_form(client, "/login", {"email": learner.email, "password": PASSWORD})
        with count_queries() as counted:
            response = client.get("/my-learning")
        assert response.status_code == 200
        counts.append(counted.n)
    assert counts[0] == counts[1], counts
