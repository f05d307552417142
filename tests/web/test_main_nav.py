"""The staff layout's main navigation, rendered once per process for each role
(web_tags.main_nav), is what the layout's own template said for every role."""

from __future__ import annotations

import itertools

import pytest
from django.template import Context, Template

from gongkai.accounts.models import User
from gongkai.lib import web_tags

# The navigation as base.html wrote it before it was kept per role.
BEFORE = """<nav class="mainnav" aria-label="主导航">
      {% if is_staff_user %}
      <a href="{% url 'home' %}">工作台</a>
      <a href="{% url 'requests:dashboard' %}">依申请公开</a>
      <a href="{% url 'agencies:list' %}">机关</a>
      <a href="{% url 'workdays:deadline' %}">期限计算</a>
      <a href="{% url 'workdays:overview' %}">工作日历</a>
      <a href="{% url 'audit:event_list' %}">审计日志</a>
      <a href="{% url 'catalogue:list' %}">主动公开</a> <a href="{% url 'appeals:list' %}">复议诉讼</a> <a href="{% url 'readingroom:register' %}">查阅登记</a> <a href="{% url 'reports:index' %}">年度报告</a>{% if user.is_superuser or user.role == "supervisor" %} <a href="{% url 'reports:dashboard' %}">报告监督</a>{% endif %}
      {% if user.is_superuser or user.role == "admin" or user.role == "supervisor" %}<a href="{% url 'accounts:user_list' %}">用户</a> <a href="{% url 'notifications:outbox' %}">通知发送</a>{% endif %}
      {% endif %}
      {% if user.role == "auditor" %}<a href="{% url 'audit:event_list' %}">审计日志</a>{% endif %}
      {% if user.is_staff %}<a href="{% url 'admin:index' %}">管理后台</a>{% endif %}
    </nav>"""

KEPT = Template("{% load web_tags %}{% main_nav %}")
ROLES = ["", *User.Role.values]


@pytest.mark.parametrize("debug", [False, True])
def test_the_kept_navigation_is_the_layout_s_for_every_role(settings, debug) -> None:
    settings.DEBUG = debug
    web_tags._main_nav.cache_clear()
    before = Template(BEFORE)
    for role, superuser, admin_site, staff_user in itertools.product(
        ROLES, [False, True], [False, True], [False, True]
    ):
        user = User(username="u", role=role, is_superuser=superuser, is_staff=admin_site)
        context = {"user": user, "is_staff_user": staff_user}
        expected = before.render(Context(context))
        assert KEPT.render(Context(context)) == expected, (role, superuser, admin_site, staff_user)
        assert KEPT.render(Context(context)) == expected  # and again, from what is kept
    assert web_tags._main_nav.cache_info().currsize == (0 if debug else 2 * len(ROLES) * 4)


def test_a_staff_page_shows_the_kept_navigation(client, clerk_a) -> None:
    client.force_login(clerk_a)
    page = client.get("/catalogue/").content.decode()
    nav = page[page.index('<nav class="mainnav"') : page.index("</nav>") + 6]
    assert nav == Template(BEFORE).render(Context({"user": clerk_a, "is_staff_user": True}))
