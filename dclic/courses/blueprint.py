"""URL rules of the catalogue: HTML pages, the editor's area (/edit) and the /api/v1 endpoints."""

from flask import Blueprint, Flask

from dclic.core import richtext
from dclic.courses import (
    api,
    archive_views,
    content_history_views,
    content_views,
    editor_views,
    history_views,
    path_editor_views,
    permissions,
    views,
)
from dclic.courses.editor_labels import TEMPLATE_HELPERS as EDITOR_HELPERS
from dclic.courses.editor_support import learn_url
from dclic.courses.labels import TEMPLATE_HELPERS
from dclic.extensions import csrf

bp = Blueprint("courses", __name__, template_folder="templates")
bp.add_url_rule("/catalogue", view_func=views.catalogue)
bp.add_url_rule("/courses/<code>", view_func=views.course)
bp.add_url_rule("/paths", view_func=views.paths)
bp.add_url_rule("/paths/<code>", view_func=views.path)
for kind, prefix in (("course", "/courses"), ("path", "/paths")):
    bp.add_url_rule(
        f"{prefix}/<code>/history",
        f"{kind}_history",
        history_views.versions,
        defaults={"kind": kind},
    )
    bp.add_url_rule(
        f"{prefix}/<code>/history/compare",
        f"{kind}_compare",
        history_views.compare,
        defaults={"kind": kind},
    )
    bp.add_url_rule(
        f"{prefix}/<code>/history/<int:number>/restore",
        f"{kind}_restore",
        history_views.restore,
        defaults={"kind": kind},
        methods=["POST"],
    )

# --- the editor's area ------------------------------------------------------------------------
POST = ["POST"]
FORM = ["GET", "POST"]
COURSE = "/edit/courses/<code>"
PATH = "/edit/paths/<code>"
bp.add_url_rule("/edit", "desk", editor_views.desk)
bp.add_url_rule("/edit/paths", "desk_paths", editor_views.desk_paths)
bp.add_url_rule("/edit/courses/new", "new_course", editor_views.new_course, methods=FORM)
bp.add_url_rule(COURSE, "edit_course", editor_views.edit_course)
bp.add_url_rule(f"{COURSE}/details", "course_details", editor_views.course_details, methods=FORM)
bp.add_url_rule(f"{COURSE}/preview", "preview_course", editor_views.preview_course)
for action in ("publish", "archive", "unarchive"):
    view = getattr(editor_views, f"{action}_course")
    bp.add_url_rule(f"{COURSE}/{action}", f"{action}_course", view, methods=POST)
# Course archives (dclic.courses.archive_views): download one course, import one.
bp.add_url_rule(f"{COURSE}/export.zip", "export_course", archive_views.export_course)
bp.add_url_rule("/edit/import", "import_course", archive_views.import_course, methods=FORM)

MODULE = f"{COURSE}/modules/<int:module_id>"
STEP = f"{COURSE}/steps/<int:step_id>"
bp.add_url_rule(f"{COURSE}/modules/new", "new_module", content_views.new_module, methods=FORM)
bp.add_url_rule(MODULE, "edit_module", content_views.edit_module, methods=FORM)
bp.add_url_rule(f"{MODULE}/delete", "delete_module", content_views.delete_module, methods=FORM)
bp.add_url_rule(f"{MODULE}/move", "move_module", content_views.move_module, methods=POST)
bp.add_url_rule(f"{MODULE}/steps/new", "new_step", content_views.new_step, methods=FORM)
bp.add_url_rule(STEP, "edit_step", content_views.edit_step, methods=FORM)
bp.add_url_rule(f"{STEP}/delete", "delete_step", content_views.delete_step, methods=FORM)
bp.add_url_rule(f"{STEP}/move", "move_step", content_views.move_step, methods=POST)
bp.add_url_rule(
    f"{STEP}/module", "move_step_to_module", content_views.move_step_to_module, methods=POST
)
for kind, prefix in (("module", MODULE), ("step", STEP)):
    bp.add_url_rule(
        f"{prefix}/history",
        f"{kind}_history",
        content_history_views.versions,
        defaults={"kind": kind},
    )
    bp.add_url_rule(
        f"{prefix}/history/compare",
        f"{kind}_compare",
        content_history_views.compare,
        defaults={"kind": kind},
    )
    bp.add_url_rule(
        f"{prefix}/history/<int:number>/restore",
        f"{kind}_restore",
        content_history_views.restore,
        defaults={"kind": kind},
        methods=POST,
    )

bp.add_url_rule("/edit/paths/new", "new_path", path_editor_views.new_path, methods=FORM)
bp.add_url_rule(PATH, "edit_path", path_editor_views.edit_path)
bp.add_url_rule(f"{PATH}/details", "path_details", path_editor_views.path_details, methods=FORM)
for action in ("publish", "archive", "unarchive"):
    view = getattr(path_editor_views, f"{action}_path")
    bp.add_url_rule(f"{PATH}/{action}", f"{action}_path", view, methods=POST)
ENTRY = f"{PATH}/courses/<course_code>"
bp.add_url_rule(
    f"{PATH}/courses", "add_path_course", path_editor_views.add_path_course, methods=POST
)
bp.add_url_rule(
    f"{ENTRY}/move", "move_path_course", path_editor_views.move_path_course, methods=POST
)
bp.add_url_rule(
    f"{ENTRY}/remove", "remove_path_course", path_editor_views.remove_path_course, methods=POST
)
bp.add_url_rule(
    f"{ENTRY}/prerequisites",
    "set_path_course_prerequisites",
    path_editor_views.set_path_course_prerequisites,
    methods=POST,
)
bp.add_url_rule(
    f"{ENTRY}/required",
    "set_path_course_required",
    path_editor_views.set_path_course_required,
    methods=POST,
)


@bp.context_processor
def _labels():
    return {
        **TEMPLATE_HELPERS,
        **EDITOR_HELPERS,
        "can_edit_courses": permissions.can_edit_courses,
        "learn_url": learn_url,
        "markdown": richtext.render,
    }


api_bp = Blueprint("courses_api", __name__, url_prefix="/api/v1")
api_bp.add_url_rule("/courses", view_func=api.list_courses)
api_bp.add_url_rule("/courses/<code>", view_func=api.get_course)
api_bp.add_url_rule("/paths", view_func=api.list_paths)
api_bp.add_url_rule("/paths/<code>", view_func=api.get_path)
csrf.exempt(api_bp)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(api_bp)
