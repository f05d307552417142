"""The full-text index: FTS5 trigram on SQLite, pg_trgm on PostgreSQL (see catalogue.fts)."""

from django.db import migrations

from gongkai.catalogue import fts


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(fts.install, fts.uninstall)]
