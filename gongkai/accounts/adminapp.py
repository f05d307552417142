from django.contrib.admin.apps import AdminConfig


class GongkaiAdminConfig(AdminConfig):
    """The admin site, asking for the second factor (gongkai.accounts.adminsite)."""

    default_site = "gongkai.accounts.adminsite.AdminSite"
