"""Restore drills and cleanup: restore under a throwaway name, check, time, tear down what one run made.

``run.py`` runs a drill (the restore's own steps, timed) and returns its ``DrillReport`` (``report.py``);
``teardown.py`` plans and deletes what one run's mark made (``marks.py``); ``cleanup.py`` finds an earlier run by a
drill's id or by a restore's instances. Calls run downward: the façade (``client.py``) -> here -> ``restore`` ->
``api``.
"""

from __future__ import annotations

from .cleanup import CleanupReport, cleanup
from .marks import DRILL_TAG, RunMark, drill_id_for, drill_request
from .report import DrillCheck, DrillReport, DrillSource, DrillStep
from .run import DrillOptions, run_drill
from .teardown import Deleted, Refused, Resource, TeardownPlan

__all__ = [
    "DRILL_TAG",
    "CleanupReport",
    "Deleted",
    "DrillCheck",
    "DrillOptions",
    "DrillReport",
    "DrillSource",
    "DrillStep",
    "Refused",
    "Resource",
    "RunMark",
    "TeardownPlan",
    "cleanup",
    "drill_id_for",
    "drill_request",
    "run_drill",
]
