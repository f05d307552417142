"""The public JSON API (/api/, OpenAPI document at /api/openapi.json), built on django-ninja.

A thin adapter like the views: the catalogue, the request status look-up, published annual
reports as canonical JSON, and ``check``/``parse`` of an uploaded report call the same
selectors, services and engine functions as the web pages. Staff endpoints take a bearer token
(``StaffToken``, issued by a platform admin in the admin site) and see exactly what the token's
user sees, through ``gongkai.accounts.access``.
"""
