"""Platform roles (三权分立) and what each may do in the admin site.

等保 2.0 三级 (GB/T 22239-2019, 8.1.4.2 访问控制 and 8.1.5.4 集中管控) asks that administration be
split between a system administrator, a security administrator and an auditor, none able to do
another's job. Here:

- 系统管理员 (``sysadmin``): agencies, the working-day calendar, API tokens, and the accounts of
  agency staff (create, edit, reset a password, deactivate) — never a platform-role account or a
  superuser, and never a platform role;
- 安全管理员 (``secadmin``): assigns roles (agency and platform roles, never their own), unlocks
  locked accounts and resets second factors; edits nothing else;
- 安全审计员 (``auditor``): reads and exports the audit trail (审计日志, in the staff pages and the
  admin); changes nothing.

None of the three sees an agency's records (applications, catalogue...): they are not agency
staff (``gongkai.accounts.access.is_staff_user``). The permissions are given by role, in
``AccountBackend`` below, not by groups that an administrator could edit; a superuser (the
``createsuperuser`` account) keeps every permission and is meant for setting up the three
accounts and for emergencies — each of its actions is audited like anyone's.
"""

from __future__ import annotations

from typing import Any

from gongkai.accounts.models import AGENCY_ROLES, PLATFORM_ROLES, User

Role = User.Role


def _crud(app: str, model: str, *verbs: str) -> set[str]:
    return {f"{app}.{verb}_{model}" for verb in verbs}


ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    str(Role.SYSADMIN): frozenset(
        _crud("accounts", "user", "add", "change", "view")
        | _crud("agencies", "agency", "add", "change", "view")
        | _crud("workdays", "holidayyear", "add", "change", "view", "delete")
        | _crud("workdays", "calendarday", "add", "change", "view", "delete")
        | _crud("api", "stafftoken", "add", "change", "view", "delete")
    ),
    str(Role.SECADMIN): frozenset(
        {
            "accounts.view_user",
            "accounts.change_user",  # the role field only (UserAdmin.get_readonly_fields)
            "accounts.assign_role",
            "accounts.unlock_user",
            "accounts.reset_second_factor",
        }
    ),
    str(Role.AUDITOR): frozenset({"audit.view_event"}),
}


def role_permissions(user: Any) -> frozenset[str]:
    if not getattr(user, "is_active", False) or getattr(user, "is_superuser", False):
        return frozenset()  # a superuser has every permission anyway (Django's rule)
    return ROLE_PERMISSIONS.get(getattr(user, "role", ""), frozenset())


def is_auditor(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active) and (
        user.is_superuser or user.role == Role.AUDITOR
    )


def is_platform_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active) and (
        getattr(user, "role", "") in PLATFORM_ROLES
    )


def assignable_roles(actor: Any, target: User | None) -> set[str]:
    """Roles ``actor`` may give ``target`` in the admin ("" is no role)."""
    if actor.is_superuser:
        return {"", *AGENCY_ROLES, *PLATFORM_ROLES}
    if target is not None and target.pk == actor.pk:
        return set()  # nobody assigns their own role
    if actor.role == Role.SECADMIN:
        return {"", *AGENCY_ROLES, *PLATFORM_ROLES}
    if actor.role == Role.SYSADMIN:
        return {"", *AGENCY_ROLES}
    return set()


def manageable_users(actor: Any, users: Any) -> Any:
    """The accounts ``actor`` may open in the admin: a system administrator never reaches a
    platform-role account or a superuser (resetting their password would take them over)."""
    if actor.is_superuser:
        return users
    users = users.filter(is_superuser=False)
    if actor.role == Role.SYSADMIN:
        users = users.exclude(role__in=PLATFORM_ROLES)
    return users
