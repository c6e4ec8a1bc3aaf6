"""The restore workflow, above the thin API layer: plan, create, wait, and the outcome.

Calls run downward only (``run`` -> the steps -> ``api``); nothing here imports the client's façade.

- ``source``: which snapshot a request restores; ``provenance``: the mark left on what is created;
  ``resume``: which existing instances are this request's; ``bundle``: the bundle's checks (X6-X9), and
  ``bundles`` the bundles a source can use, with prices, and ``bundleId="same"``;
  ``account``: the account's lists, read once; ``plan``: every check before sending (``findings``);
- ``run``: the ordered list of steps (``STEPS``); ``outcome``: what happened;
- ``_steps/``: one module a step, its plan part beside its action: ``copy/`` (a cross-Region restore's copy),
  ``create`` (with ``zones``: another zone when one is full), ``wait``, and the cut-over's ``ports``, ``ready``
  (the readiness gate) and ``static_ip``;
- ``cross_region`` plans both Regions; the cut-over: ``cutover`` (its options), ``firewall`` (rules compared by
  what they let in, the defaults), ``network`` (the plan's look at the source's rules and static IP, which calls
  the steps' plan parts), ``operations`` (waiting on the steps' operations).
"""

from ._steps.copy import CopyOutcome, CopyPlan, CopyWait, default_copy_name, wait_for_copy
from ._steps.ready import ReadinessError
from ._steps.wait import InstanceProgress, WaitResult, resolve_operations, wait_for_instances
from .bundles import BundleChoice, RestoreBundles
from .cross_region import CrossRegion, make_cross_region_plan
from .cutover import CutOver
from .findings import Finding, Severity
from .keep import KeepOutcome
from .network import NetworkPlan, SourceNetwork
from .operations import OperationError
from .outcome import InstanceOutcome, InstanceStatus, RestoreFailedError, RestoreOutcome, StepOutcome
from .plan import DEFAULT_INSTANCE_QUOTA, Plan, PlanRefusedError, make_plan
from .points import RestorePoint
from .provenance import REQUEST_TAG, SOURCE_TAG, Mark
from .run import RestoreOptions, run_restore
from .selector import ChosenPoint
from .source import ResolvedSource, SourceDisk

__all__ = [
    "DEFAULT_INSTANCE_QUOTA",
    "REQUEST_TAG",
    "SOURCE_TAG",
    "BundleChoice",
    "ChosenPoint",
    "CopyOutcome",
    "CopyPlan",
    "CopyWait",
    "CrossRegion",
    "CutOver",
    "Finding",
    "InstanceOutcome",
    "InstanceProgress",
    "InstanceStatus",
    "KeepOutcome",
    "Mark",
    "NetworkPlan",
    "OperationError",
    "Plan",
    "PlanRefusedError",
    "ReadinessError",
    "ResolvedSource",
    "RestoreBundles",
    "RestoreFailedError",
    "RestoreOptions",
    "RestoreOutcome",
    "RestorePoint",
    "Severity",
    "SourceDisk",
    "SourceNetwork",
    "StepOutcome",
    "WaitResult",
    "default_copy_name",
    "make_cross_region_plan",
    "make_plan",
    "resolve_operations",
    "run_restore",
    "wait_for_copy",
    "wait_for_instances",
]
