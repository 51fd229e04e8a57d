"""Translated labels of the harvester's codes (schedules, outcomes of a run)."""

from __future__ import annotations

from dclic.core.i18n import lazy_gettext as _l

SCHEDULE_LABELS = {
    "manual": _l("Only when asked"),
    "daily": _l("Every day"),
    "weekly": _l("Every week"),
}
RUN_STATUS_LABELS = {
    "running": _l("Running"),
    "succeeded": _l("Succeeded"),
    "failed": _l("Failed"),
}


def schedule_label(code: str) -> str:
    return str(SCHEDULE_LABELS.get(code, code))


def run_status_label(code: str) -> str:
    return str(RUN_STATUS_LABELS.get(code, code))


TEMPLATE_HELPERS = {"schedule_label": schedule_label, "run_status_label": run_status_label}
