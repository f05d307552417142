"""pdfplumber's clustering (``utils.clustering``): values within a tolerance of the one before
make one cluster; the table finder snaps rules and the text layout makes lines with it."""

from __future__ import annotations

import itertools
from typing import Any


def clusters(values: list[float], tolerance: float) -> dict[float, int]:
    """Each value's cluster: sorted values closer than ``tolerance`` to the one before (pdfplumber's
    ``make_cluster_dict``)."""
    out: dict[float, int] = {}
    last: float | None = None
    group = -1
    for value in sorted(set(values)):
        if last is None or value > last + tolerance:
            group += 1
        out[value] = group
        last = value
    return out


def one_cluster(values: list[float], tolerance: float) -> bool:
    """Whether :func:`clusters` would make one cluster of ``values`` (or none), told without
    making them: when all are equal, or the largest is within ``tolerance`` of the smallest
    (then no sorted value is past its predecessor by more; a NaN makes min or max unreliable
    only by coming first, and then max is NaN and the test fails)."""
    if not values:
        return True
    return len(set(values)) == 1 or max(values) <= min(values) + tolerance


def grouped(
    items: list[Any], keys: list[float], tolerance: float, keep_order: bool
) -> list[list[Any]]:
    """pdfplumber's ``cluster_objects``: items grouped by their key's cluster, in cluster order
    (``keep_order``: runs of one cluster, in the items' order)."""
    cluster = clusters(keys, tolerance)
    if keep_order:
        ids = [cluster[key] for key in keys]
        return [
            [items[i] for i in run]
            for _, run in itertools.groupby(range(len(items)), ids.__getitem__)
        ]
    # In cluster order, each in the items' order: a bucket a cluster (every cluster holds an item),
    # filled in one pass (a stable sort by cluster, then runs, took three).
    groups: list[list[Any]] = [[] for _ in range(max(cluster.values(), default=-1) + 1)]
    for item, key in zip(items, keys, strict=True):
        groups[cluster[key]].append(item)
    return groups
