"""The audit trail: an append-only table of events (who, when, what object, what changed, why).

Every service function in the platform writes one event per state change through
``gongkai.audit.services.event_record(*, actor, action, obj, agency, changes, reason)``.
Events are never changed or deleted by the application: ``Event.save`` refuses an update,
``Event.delete`` and the queryset's ``update``/``delete`` raise ``AppendOnlyError``, the admin is
read-only, and a database trigger (SQLite and PostgreSQL) rejects ``UPDATE`` statements from
anything that bypasses the ORM.

``action`` is a dotted ``<entity>.<verb>`` name (``agency.create``, ``user.set_role``,
``calendar.import``...), with a Chinese name registered in ``gongkai.audit.labels``.
``changes`` maps a field to ``[old, new]``. ``agency`` is the agency whose records the event
belongs to — that is what scopes who can read it.

Reads: ``gongkai.audit.selectors.events_visible_to(user, ...)``.
"""
