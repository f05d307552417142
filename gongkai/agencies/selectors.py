"""Reads over the agency hierarchy."""

from __future__ import annotations

from collections import defaultdict

from gongkai.agencies.models import Agency


def agency_subtree_ids(agency: Agency) -> set[int]:
    """The agency's id and the ids of every agency below it, at any depth.

    One query over (id, parent_id): a platform holds hundreds of agencies, not millions, and
    this works the same on SQLite and PostgreSQL without recursive SQL.
    """
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in Agency.objects.values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    found: set[int] = set()
    stack = [agency.pk]
    while stack:
        pk = stack.pop()
        if pk in found:
            continue
        found.add(pk)
        stack.extend(children[pk])
    return found


def agency_tree(agencies: list[Agency]) -> list[tuple[Agency, int]]:
    """``agencies`` in tree order with their depth (0 for those whose parent is not listed)."""
    by_parent: dict[int | None, list[Agency]] = defaultdict(list)
    ids = {a.pk for a in agencies}
    for agency in agencies:
        by_parent[agency.parent_id if agency.parent_id in ids else None].append(agency)
    ordered: list[tuple[Agency, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for agency in sorted(
            by_parent[parent_id], key=lambda a: (a.kind != "office", a.short_code)
        ):
            ordered.append((agency, depth))
            walk(agency.pk, depth + 1)

    walk(None, 0)
    return ordered
