"""The restore workflow's public types: what a plan, a restore and a wait give back, and the errors they raise.

The workflow itself is private (calls run downward only: ``_run`` -> the steps -> ``lightsail_restore._api``;
nothing here imports the client's façade):

- ``_source``: which snapshot a request restores; ``_provenance``: the mark left on what is created;
  ``_resume``: which existing instances are this request's; ``_bundle``: the bundle's checks, and ``_bundles`` the
  bundles a source can use, with prices, and ``bundleId="same"``; ``_account``: the account's lists, read once;
  ``_plan``: every check before sending (``_findings``); ``_points``, ``_selector``, ``_pick``, ``_keep``: restore
  points;
- ``_run``: the ordered list of steps (``STEPS``); ``_outcome``: what happened, and ``_step_outcome`` how one
  instance and one step ended (what the steps return; it imports no plan, so the steps import it at the top);
- ``_steps/``: one module a step, its plan part beside its action: ``copy/`` (a cross-Region restore's copy),
  ``create`` (with ``zones``: another zone when one is full), ``wait``, and the cut-over's ``ports``, ``ready``
  (the readiness gate), ``static_ip`` and ``retire``;
- ``_cross_region`` plans both Regions; the cut-over: ``_cutover`` (its options), ``_firewall`` (rules compared by
  what they let in, the defaults), ``_network`` (the plan's look at the source's rules and static IP, which calls
  the steps' plan parts), ``_operations`` (waiting on the steps' operations).

``__all__`` lists the types a user meets (each in ``docs/reference.md``); the top-level package re-exports the most
used of them.
"""

from ._bundles import BundleChoice, RestoreBundles
from ._disks import RestoredDisk
from ._findings import Finding, Severity
from ._keep import KeepOutcome
from ._network import NetworkPlan, SourceNetwork
from ._operations import OperationError
from ._outcome import InstanceOutcome, InstanceStatus, RestoreFailedError, RestoreOutcome, StepOutcome
from ._plan import Plan, PlanRefusedError
from ._points import RestorePoint
from ._provenance import REQUEST_TAG, SOURCE_TAG, Mark
from ._selector import ChosenPoint
from ._source import ResolvedSource, SourceDisk
from ._steps.copy import CopyOutcome, CopyPlan
from ._steps.ready import ReadinessError
from ._steps.wait import InstanceProgress, WaitResult

__all__ = [
    "REQUEST_TAG",
    "SOURCE_TAG",
    "BundleChoice",
    "ChosenPoint",
    "CopyOutcome",
    "CopyPlan",
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
    "RestoreOutcome",
    "RestorePoint",
    "RestoredDisk",
    "Severity",
    "SourceDisk",
    "SourceNetwork",
    "StepOutcome",
    "WaitResult",
]
