from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongkai.accounts"
    verbose_name = "用户与角色"

    def ready(self) -> None:
        from gongkai.accounts import signals  # (its receivers connect on import)

        signals.connect_lookup_invalidation()
        from gongkai.audit.labels import register_action_labels, register_change_labels

        register_action_labels(
            {
                "auth.login": "登录（口令通过）",
                "auth.second_factor": "登录（动态口令通过）",
                "auth.recovery_code": "使用恢复码登录",
                "auth.login_failed": "登录失败",
                "auth.logout": "退出登录",
                "user.lockout": "账号锁定",
                "user.unlock": "解除锁定",
                "user.password_change": "修改密码",
                "user.password_reset": "管理员重置密码",
                "user.second_factor_enrol": "启用双因素认证",
                "user.second_factor_disable": "停用双因素认证",
                "user.second_factor_reset": "重置双因素认证",
                "user.recovery_codes_renew": "更换恢复码",
            }
        )
        register_change_labels(
            {
                "address": "来源地址",
                "username": "所用用户名",
                "second_factor": "双因素认证",
                "recovery_codes_left": "剩余恢复码",
            }
        )
