"""The ``static-ip`` step: its plan part, and a move that never takes from an unnamed holder nor leaves it on none.

A static IP stays where it is when a snapshot is restored (E27). Options (``StaticIp``, this step's part of the
cut-over, built by ``StaticIp.of``): ``static_ip`` (attach it to the new instance, a request of one instance) and
``move_static_ip`` (allow taking it from the instance that holds it). The plan part warns when a restore would lose
the source's static IP, and checks the one to attach: it exists, who holds it, whether moving it is allowed. The
action runs last, once the ``ports`` step is done or not asked.

The move is one ``AttachStaticIp``: AWS's own CloudFormation handler moves an attached static IP from one instance
to another with that one call (E40, inferred), so the address goes from the old instance to the new one with no
moment on neither, and a refused attach (an IAM policy without ``lightsail:AttachStaticIp``, a throttle storm)
leaves it where it serves. When the service refuses the move itself (``InvalidInputException`` while the static IP
is still on the instance the plan named, as a service that does not move would answer), the move falls back to a
``DetachStaticIp`` then an ``AttachStaticIp``, and anything that stops the attach after the detach (an error, the
deadline, an interruption) puts the static IP back on the instance it came from.

Every write is checked against the planned holder: each round reads who holds the static IP right before it
writes, and a holder the plan did not find ends the move (nothing is taken from it). The detach's answer names the
instance it took the static IP from (its second operation, E38): when that is not the planned holder (a move that
raced between the read and the detach), the static IP goes back to that instance at once. No Lightsail call
names the holder it takes from, so the race between the read and the single attach (milliseconds) cannot be
closed; docs/restore.md says so.
"""

from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from ..._polling import AT_ONCE, Pace, Verdict, poll
from ...errors import Issue, LightsailError, LightsailRestoreError, NotFoundException, RequestValidationError
from ...request import AttachStaticIpRequest, DetachStaticIpRequest
from .._operations import wait_for_operations
from .._step_outcome import PutBack, StepOutcome
from ._common import FINISH, Step, code, finish, network_of, not_bools, pace, running, step_outcome
from .ports import PORTS_STEP

if TYPE_CHECKING:
    from ..._api import LightsailApi
    from .._network import NetworkLook, NetworkPlan
    from .._run import RestoreOptions, RestoreRun

__all__ = [
    "PUT_BACK_SECONDS",
    "STATIC_IP_STEP",
    "STEP",
    "Move",
    "StaticIp",
    "plan_part",
    "put_back_command",
    "static_ip_step",
]

STATIC_IP_STEP = "static-ip"
"""The name of the step that attaches (or moves) the static IP."""

PUT_BACK_SECONDS: Final = 60.0
"""How long putting a static IP back may take (its own budget: the restore's deadline may have come)."""


@dataclass(frozen=True)
class StaticIp:
    """The static-IP step's options (nothing, by default).

    Attributes:
        static_ip: Attach this static IP to the new instance (a request of exactly one instance).
        move_static_ip: Allow taking ``static_ip`` from the instance that holds it (usually the source).
    """

    static_ip: str | None = None
    move_static_ip: bool = False

    @classmethod
    def of(cls, *, static_ip: str | None = None, move_static_ip: bool = False) -> StaticIp:
        """The options checked (nothing is sent).

        Args:
            static_ip: The static IP to attach to the new instance.
            move_static_ip: Allow taking it from the instance that holds it (implies the status checks).

        Raises:
            RequestValidationError: ``move_static_ip`` is not a bool, ``static_ip`` is not a valid name, or
                ``move_static_ip`` comes without ``static_ip``.
        """
        issues = not_bools(move_static_ip=move_static_ip)
        if static_ip is not None:
            try:
                DetachStaticIpRequest.of(static_ip)
            except RequestValidationError as exc:
                issues += exc.issues
        elif move_static_ip is True:
            alone = "move_static_ip moves the static IP that static_ip names: give static_ip too"
            issues.append(Issue("staticIpName", "move_needs_static_ip", alone, ("move_static_ip", "static_ip")))
        if issues:
            raise RequestValidationError(issues)
        return cls(static_ip, move_static_ip)

    @property
    def asks(self) -> bool:
        """Whether the step attaches a static IP."""
        return self.static_ip is not None


def put_back_command(region: str, name: str, instance: str) -> str:
    """The AWS CLI command that attaches static IP ``name`` to ``instance`` (names are checked: no quoting)."""
    return f"aws lightsail attach-static-ip --region {region} --static-ip-name {name} --instance-name {instance}"


def _refuses_move(error: LightsailRestoreError) -> bool:
    """The service refusing the request as such (a service that does not move an attached static IP)."""
    return isinstance(error, LightsailError) and error.error_code == "InvalidInputException"


class Move:
    """The static IP onto ``target``, one look at a time: each round reads who holds it, then does what is left.

    A call that ends in an error is judged by the next look: applied (its answer was lost, or botocore's retry met
    its effect) and the move goes on; not applied and retryable, and it is sent again after a pause, until the
    deadline; otherwise its error ends the move.

    Attributes:
        detached_from: The instance this run's detach took the static IP from (``None``: no detach took effect).
        detaching: Whether this run sent a detach (answered or not).
        sent: Whether a call of this run took effect.
        lost: The error that took the place of an answer, when a look found the call applied.
        single: Whether the move is still tried as one ``AttachStaticIp`` (false once the service refused it).
        found: The instance a look found holding the static IP that the plan did not name (``None``: no instance),
            when ``move()`` ended on it.
    """

    def __init__(self, api: LightsailApi, name: str, target: str, planned: str | None, pace: Pace) -> None:
        self.api, self.name, self.target, self.planned, self.pace = api, name, target, planned, pace
        self.detached_from: str | None = None
        self.detaching = self.sent = False
        self.single = True
        self.unconfirmed = False  # a single attach answered, not yet seen moved
        self.lost: LightsailRestoreError | None = None
        self.failed: tuple[str, LightsailRestoreError] | None = None
        self.found: str | None = None

    @property
    def took_it(self) -> bool:
        """Whether this run's detach took the static IP, or may have (its answer lost, and no look judged it yet)."""
        return self.detached_from is not None or (self.failed is not None and self.failed[0] == "detach")

    def holder(self) -> str | None:
        """Who holds the static IP now (``GetStaticIp``)."""
        found = self.api.get_static_ip(self.name).get("staticIp") or {}
        return str(found["attachedTo"]) if found.get("isAttached") and found.get("attachedTo") else None

    def send(self, call: str) -> bool:
        """Send ``call`` (``detach``, or ``attach`` to the target), wait for its operations; ``False`` on an error."""
        try:
            if call == "detach":
                self.detaching = True
                operations = self.api.detach_static_ip(DetachStaticIpRequest.of(self.name))
            else:
                operations = self.api.attach_static_ip(AttachStaticIpRequest.of(self.name, self.target))
        except LightsailRestoreError as exc:
            self.failed = (call, exc)  # applied or not: the next look says
            return False
        self.sent = True
        if call == "detach":  # its second operation is the instance's (E38): whom it was taken from
            taken_from = next((op.resource_name for op in operations if op.resource_type == "Instance"), None)
            self.detached_from = taken_from or self.planned
        wait_for_operations(self.api, operations, self.pace)
        return True

    def judge(self, holder: str | None) -> None:
        """After a call that ended in an error: go on when the look shows its effect, else raise it (it costs a round).

        Raises:
            LightsailRestoreError: The call was not applied (the polling loop pauses, or ends on it).
        """
        if self.failed is None:
            return
        what, error = self.failed
        self.failed = None
        applied = holder == self.target if what == "attach" else holder is None
        if applied:
            self.lost, self.sent = error, True
            if what == "detach":
                self.detached_from = self.planned
            return
        refused = what == "attach" and self.single and self.planned is not None and holder == self.planned
        if refused and _refuses_move(error):
            self.single = False  # the service does not move an attached static IP: detach, then attach
            return
        raise error

    def move(self) -> bool:
        """Move it: ``True`` once it is on the target, ``False`` when it is where the plan did not find it.

        ``False``: a look found it elsewhere (``found`` says where), or the detach took it from an instance the plan
        did not name (``detached_from``). Each round of the polling loop looks first, then does what is left.

        Raises:
            LightsailRestoreError: A call (or a look) did not succeed, and retrying cannot fix it or the deadline
                came; or an operation did not succeed (``OperationError``).
        """
        ended: list[bool] = []

        def one_round() -> Verdict:
            holder = self.holder()
            self.judge(holder)
            if holder == self.target:
                ended.append(True)
                return True
            if self.unconfirmed and holder == self.planned:
                self.single = False  # answered, and not moved: detach, then attach
            self.unconfirmed = False
            expected = None if self.detached_from is not None else self.planned
            if holder != expected:
                self.found = holder
                ended.append(False)
                return True
            if holder is None:
                return self._ended(ended, self.send("attach"))
            if self.single:
                self.unconfirmed = self.send("attach")  # the move in one call; the next look confirms it
                return AT_ONCE
            if not self.send("detach"):
                return AT_ONCE
            if self.detached_from != self.planned:  # the detach took it from another instance: a racing move
                ended.append(False)
                return True
            return self._ended(ended, self.send("attach"))

        poll(one_round, self.pace).raise_for_end()
        return ended[0]

    @staticmethod
    def _ended(ended: list[bool], attached: bool) -> Verdict:
        """After an attach: done when it was answered, else the next look (at once) judges it."""
        if attached:
            ended.append(True)
            return True
        return AT_ONCE

    def put_back(self, pace: Pace) -> str | None:
        """Attach the static IP again to the instance this run's detach took it from; return where it is then.

        Each round looks first: a static IP some instance holds is left alone (put back, or taken by someone).

        Raises:
            LightsailRestoreError: No look answered before ``pace``'s deadline: where it is cannot be told.
        """
        back_to = self.detached_from or self.planned
        failed: list[LightsailRestoreError] = []  # the last attach's error, until a look judges it
        judged: list[LightsailRestoreError] = []  # attach errors a look found not applied
        where: list[str | None] = []

        def one_round() -> Verdict:
            holder = self.holder()
            if holder is not None or back_to is None:
                where.append(holder)
                return True
            if failed:
                judged.append(failed.pop())
                raise judged[-1]  # not applied: it costs a round
            try:
                self.api.attach_static_ip(AttachStaticIpRequest.of(self.name, back_to))
            except LightsailRestoreError as exc:
                failed.append(exc)
            return AT_ONCE

        polled = poll(one_round, pace)
        if where:
            return where[0]
        error = polled.error or polled.last_error
        if error is not None and judged and error is judged[-1]:
            return None  # the attach back did not succeed: the static IP is attached to no instance
        polled.raise_for_end()  # no look answered before the deadline: where it is cannot be told
        return None


# -- the plan part -----------------------------------------------------------------------------------------
def plan_part(look: NetworkLook, plan: NetworkPlan) -> NetworkPlan:
    """The static-IP step's plan part: what a restore loses of the source's static IP, and the one to attach."""
    asked = look.cut_over.part(StaticIp)
    wanted = asked.static_ip
    network = plan.source
    if network is not None and network.static_ip and look.cross_region:
        look.findings.add(
            "static_ip_not_carried",
            "staticIpName",
            "warning",
            f"{network.instance_name} serves at the static IP {network.static_ip} ({network.static_ip_address}) "
            f"in {look.source_account.region}, and a static IP stays in its Region: a restored instance in "
            f"{look.account.region} gets a new address; allocate a static IP there and give it with static_ip, "
            "then point your DNS at it",
            params=("static_ip",),
        )
    elif network is not None and network.static_ip and network.static_ip != wanted:
        look.findings.add(
            "static_ip_not_carried",
            "staticIpName",
            "warning",
            f"{network.instance_name} serves at the static IP {network.static_ip} ({network.static_ip_address}), "
            "and a restored instance gets a new address; to move it, give static_ip and move_static_ip for a request "
            f"of one instance: {network.instance_name} then loses it",
            params=("static_ip", "move_static_ip"),
        )
    if wanted is None:
        return plan
    request = look.request
    if len(request.instance_names) != 1:
        look.findings.add(
            "static_ip_one_instance",
            "staticIpName",
            "error",
            f"a static IP goes to one instance, and this request creates {len(request.instance_names)}; "
            "restore one instance with static_ip",
            params=("static_ip",),
        )
        return plan
    target = request.instance_names[0]
    if request.ip_address_type == "ipv6":
        look.findings.add(
            "static_ip_ipv6_only",
            "staticIpName",
            "error",
            f"{target} is IPv6-only (ipAddressType ipv6), and a static IP is an IPv4 address; "
            "restore it dualstack or ipv4, or do not give static_ip",
            params=("static_ip", "ipAddressType"),
        )
    found = look.account.static_ips().get(wanted)
    if found is None:
        look.findings.add(
            "static_ip_exists",
            "staticIpName",
            "error",
            f"no static IP named {wanted} in {look.account.region}; allocate it first (AllocateStaticIp), or "
            "give one that GetStaticIps lists",
        )
        return plan
    address = found.get("ipAddress")
    holder = str(found.get("attachedTo")) if found.get("isAttached") and found.get("attachedTo") else None
    if holder == target:
        look.findings.add(
            "static_ip_attached", "staticIpName", "info", f"{wanted} ({address}) is already attached to {target}"
        )
        return dataclasses.replace(plan, static_ip=wanted, static_ip_address=address)
    if holder is not None and not asked.move_static_ip:
        look.findings.add(
            "static_ip_move",
            "staticIpName",
            "error",
            f"{wanted} ({address}) is attached to {holder}; moving it to {target} takes it from {holder}, whose "
            f"traffic then goes to {target}: give move_static_ip to move it",
            params=("move_static_ip",),
        )
        return plan
    ports = " with its firewall rules" if plan.ports is not None else ""
    if holder is None:
        message = f"once {target} runs{ports}, AttachStaticIp puts {wanted} ({address}) on it"
    else:
        message = (
            f"once {target} runs{ports}, {wanted} ({address}) moves from {holder} to {target} (one AttachStaticIp; "
            f"if the service refuses that, DetachStaticIp then AttachStaticIp, and {wanted} goes back to {holder} "
            f"if the attach fails): {holder} loses it and gets a new public address"
        )
    look.findings.add("static_ip_attach", "staticIpName", "info", message)
    return dataclasses.replace(plan, static_ip=wanted, static_ip_address=address, static_ip_holder=holder)


# -- the action --------------------------------------------------------------------------------------------
def static_ip_step(run: RestoreRun) -> StepOutcome:
    """Move the static IP onto the new instance (``Move``); skip it when done; put it back when it fails."""
    network = network_of(run)
    if run.halted:
        return StepOutcome(STATIC_IP_STEP, "skipped", run.halted)
    if network is None or network.static_ip is None:
        return StepOutcome(STATIC_IP_STEP, "skipped", "no static IP asked")
    name, target = network.static_ip, run.request.instance_names[0]
    status = running(run).get(target, "unknown")
    if status != "succeeded":
        return StepOutcome(STATIC_IP_STEP, "skipped", f"{target} is not running ({status}): {name} stays; {FINISH}")
    ports = next((s for s in run.steps if s.name == PORTS_STEP), None)
    if ports is not None and ports.status == "failed":
        return StepOutcome(
            STATIC_IP_STEP,
            "skipped",
            f"the ports step did not finish, and {name} would send its traffic to a firewall that is not ready: "
            f"{name} stays; {FINISH}",
        )
    move = Move(run.api, name, target, network.static_ip_holder, pace(run))
    try:
        done = move.move()
    except LightsailRestoreError as exc:
        return _not_moved(run, move, exc)
    except BaseException:  # an interruption: put it back at once (one look, one attach) if this run detached it
        if move.detaching:
            with contextlib.suppress(LightsailRestoreError):
                move.put_back(pace(run, 0.0))
        raise
    if not done:
        return _not_moved(run, move, None)
    if not move.sent and move.lost is None:
        return StepOutcome(STATIC_IP_STEP, "skipped", f"{name} is already attached to {target}")
    address = f" ({network.static_ip_address})" if network.static_ip_address else ""
    planned = network.static_ip_holder
    moved = f"moved from {planned} to" if planned is not None else "attached to"
    lost = "" if move.lost is None else f" (the answer was lost: {code(move.lost)}; a second look found it done)"
    return StepOutcome(STATIC_IP_STEP, "done", f"{name}{address} {moved} {target}{lost}")


def _not_moved(run: RestoreRun, move: Move, error: LightsailRestoreError | None) -> StepOutcome:
    """The failed step of a move that did not end on the target: what it did, and where it left the static IP.

    A static IP this run detached is put back; when that fails or cannot be told, the detail gives the command that
    puts it back, and ``StepOutcome.put_back`` the same as data.
    """
    name, target, planned = move.name, move.target, move.planned or "no instance"
    again = "run the same restore again to plan with what is there now"

    def failed(what: str, ending: str | None) -> StepOutcome:
        return step_outcome(STATIC_IP_STEP, "failed", what, error, ending)

    if error is None and move.detached_from not in (None, move.planned):
        what = f"{name} was on {move.detached_from}, not on {planned} as the plan found, when this run detached it"
    elif error is None:
        found = move.found or "no instance"
        return failed(
            f"{name} is now attached to {found}, not to {planned} as the plan found: nothing was moved", again
        )
    elif isinstance(error, NotFoundException) and not move.detaching:
        return failed(f"{name} or {target} no longer exists: nothing was attached", None)
    else:
        what, again = f"{name} was not {'moved' if move.planned else 'attached'} to {target}", finish(error)
    if move.took_it:
        back_to = str(move.detached_from or move.planned)
        try:
            back = move.put_back(pace(run, PUT_BACK_SECONDS))
        except LightsailRestoreError:
            unknown = "whether it is back cannot be told (GetStaticIp did not answer)"
            said = f"{what}; it was detached from {back_to}, and {unknown}: if {name} is attached to no instance, "
            return _put_back(run, PutBack(name, back_to, f"{said}put it back: ", f"; or {again}"), error)
        if back == back_to:
            return failed(
                f"{what}; it was detached from {back_to} and put back: {name} is attached to {back_to}", again
            )
        if back is None:
            said = f"{what}; it was detached from {back_to}, and putting it back failed: {name} is attached to no "
            said += f"instance; to put it back on {back_to}: "
            return _put_back(run, PutBack(name, back_to, said, f"; or {again}"), error)
        return failed(f"{what}; it was detached from {back_to}, and {back} holds it now (not this run's doing)", again)
    try:
        holder = move.holder()
    except LightsailRestoreError:
        return failed(f"{what}; where {name} is now could not be read", again)
    return failed(f"{what}: {name} is attached to {holder or 'no instance'}", again)


def _put_back(run: RestoreRun, back: PutBack, error: LightsailRestoreError | None) -> StepOutcome:
    """The failed step whose detail gives the AWS CLI command that puts the static IP back (``back``)."""
    detail = back.detail(put_back_command(run.api.region, back.static_ip, back.instance))
    return StepOutcome(STATIC_IP_STEP, "failed", detail, error, put_back=back)


def _asked(options: RestoreOptions, cross: bool) -> bool:
    return options.cut_over.part(StaticIp).asks


STEP = Step(STATIC_IP_STEP, static_ip_step, _asked, plan_part, StaticIp.of)
"""The ``static-ip`` step in the step list: last, once the firewall is ready."""
