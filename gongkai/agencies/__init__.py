"""Agencies (行政机关) in a hierarchy.

A government's 政务公开办 (the supervising office, ``Agency.Kind.OFFICE``) sits above that
government's departments and the lower-level governments; each agency has a short code (used in
index numbers 索引号 and tracking numbers), contact details printed on reply letters, and the name
of its 政府信息公开工作机构 (条例第四条).

API for other apps:

- ``gongkai.agencies.models.Agency`` — the model; ``agency.ancestors()`` walks upward.
- ``gongkai.agencies.selectors.agency_subtree_ids(agency)`` — the agency and everything below.
- ``gongkai.agencies.services.agency_create(*, actor, ...)`` and ``agency_update(*, actor,
  agency, reason, **fields)`` — the only write paths; both record an audit event.

Who may see which agency is decided in ``gongkai.accounts.access``, not here.
"""
