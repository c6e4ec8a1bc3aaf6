"""The ``copy`` step of a cross-Region restore, its plan part (``plan.py``) beside its action (``step.py``).

The plan part names the copy, recognises an earlier run's and checks what exists under the name; the action sends
CopySnapshot, then waits until the copy is available.
"""

from .plan import CopyOutcome, CopyPlan, default_copy_name, plan_copy
from .step import STEP, CopyWait, copy_step, wait_for_copy

__all__ = [
    "STEP",
    "CopyOutcome",
    "CopyPlan",
    "CopyWait",
    "copy_step",
    "default_copy_name",
    "plan_copy",
    "wait_for_copy",
]
