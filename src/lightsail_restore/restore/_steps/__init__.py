"""The restore's steps, one module each: its options' use, its plan part (reads, checks, findings) and its action.

``_run.py`` holds the ordered list of steps (``STEPS``); each entry is a ``Step`` (``_common.py``). A step's plan
part, when it has one, runs inside the plan (``_network.py`` calls the cut-over steps' parts in the list's order);
its action runs after the steps before it, reads what they left in the ``RestoreRun``, and returns its
``StepOutcome``. See ``docs/design/add-a-step.md``.
"""
