"""The case's 承办人 (issue 20) and the trigram indexes behind the requests search on
PostgreSQL (see requests.search)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from gongkai.requests import search


class Migration(migrations.Migration):
    dependencies = [
        ("requests", "0007_merge"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="assignee",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="承办人",
            ),
        ),
        migrations.RunPython(search.install, search.uninstall),
    ]
