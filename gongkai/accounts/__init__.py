"""Staff users, their roles, and the one place that decides who may see what.

Every staff user belongs to one agency with one role (``User.Role``):

- 经办人 (clerk) — registers and handles the agency's records;
- 审核人 (reviewer) — also approves extensions and replies;
- 机关管理员 (agency admin) — also manages the agency's users and details;
- 公开办监督 (supervisor) — a 政务公开办 user with read-only access to its agency and every
  agency below it.

A Django superuser is a platform operator and sees every agency.

``gongkai.accounts.access`` is where per-agency visibility is enforced — use nothing else:

- ``visible_agencies(user)`` — the queryset of agencies the user may read;
- ``writable_agency_ids(user)`` — where the user may change records (never a supervisor's);
- ``scope_to_user(queryset, user, via="agency")`` — filter any queryset by the agency field
  ``via`` (``via=""`` for the Agency model itself);
- ``get_object_for_user(user, queryset, via="agency", **lookup)`` — one object or 404, so a
  user of agency A cannot even learn that agency B's record exists;
- decorators ``staff_required`` and ``role_required(*roles)`` for views, and ``public_view``
  for the few that anyone may open. ``tests/web/test_views_permissions.py`` requests every URL
  as an anonymous visitor and as a user without agency or role, and fails for any view that
  answers them without being marked public.

Write paths: ``gongkai.accounts.services.user_create / user_set_role / user_deactivate /
user_reactivate``. An agency admin uses them from the 用户 page; operators use the admin.
"""
