"""The benchmarks' plain-text tables: a head, a rule under it, then the rows, in columns as wide as their widest."""

from __future__ import annotations

from collections.abc import Sequence


def table(head: Sequence[object], body: Sequence[Sequence[object]], *, numbers: bool = False) -> str:
    """``head`` and ``body`` as aligned columns; ``numbers`` aligns them on the right instead of the left."""
    widths = [max(len(str(x)) for x in column) for column in zip(head, *body, strict=True)]
    align = str.rjust if numbers else str.ljust
    lines = ["  ".join(align(str(x), w) for x, w in zip(line, widths, strict=True)) for line in (head, *body)]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])
