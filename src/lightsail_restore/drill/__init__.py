"""Restore drills and cleanup: restore under a throwaway name, check, time, tear down what one run made.

``_run.py`` runs a drill (the restore's own steps, timed) and returns its ``DrillReport`` (``_report.py``);
``_teardown.py`` plans and deletes what one run's mark made (``_marks.py``); ``_cleanup.py`` finds an earlier run by a
drill's id or by a restore's instances. Calls run downward: the façade (``_client.py``) -> here -> ``restore`` ->
``api``.
"""

from __future__ import annotations

from ._cleanup import CleanupReport
from ._marks import DRILL_TAG
from ._report import DrillCheck, DrillReport, DrillSource, DrillStep
from ._teardown import Deleted, Refused, Resource, TeardownPlan

__all__ = [
    "DRILL_TAG",
    "CleanupReport",
    "Deleted",
    "DrillCheck",
    "DrillReport",
    "DrillSource",
    "DrillStep",
    "Refused",
    "Resource",
    "TeardownPlan",
]
