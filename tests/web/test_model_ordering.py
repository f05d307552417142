"""Every model's default order is total: two rows never tie under it.

A list ordered by fields that two rows can share (the same day at two agencies) comes back in
whatever order the database likes, and PostgreSQL need not give the same order to two queries:
a paginated list can then repeat one row and leave another out. So each ``Meta.ordering`` ends
in the primary key or covers a unique field or an unconditional unique constraint.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models


def _total(model: type[models.Model]) -> bool:
    opts = model._meta
    fields = {name.lstrip("-") for name in opts.ordering if isinstance(name, str)}
    if fields & {"pk", opts.pk.name}:
        return True
    if any(opts.get_field(name).unique for name in fields if "__" not in name):
        return True
    together = [set(names) for names in opts.unique_together]
    together += [
        set(c.fields)
        for c in opts.constraints
        if isinstance(c, models.UniqueConstraint) and c.condition is None and c.fields
    ]
    # A foreign key named by its field or its column.
    named = fields | {opts.get_field(n).attname for n in fields if "__" not in n}
    return any(unique <= named for unique in together)


def test_every_projects_default_order_is_total() -> None:
    ours = [m for m in apps.get_models() if m.__module__.startswith("gongkai.")]
    assert ours
    partial = [
        f"{m._meta.label}: {m._meta.ordering}" for m in ours if m._meta.ordering and not _total(m)
    ]
    assert partial == []
