# Table 三's covering index in GROUP BY order (category, outcome before the date filters): SQLite
# reads the agency's rows already grouped instead of sorting them in a temporary B-tree, which
# was most of the query's time (bench/bench_stats.py).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0001_initial"),
        ("requests", "0003_application_submission_key"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="application",
            name="requests_table_three_idx",
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                fields=["agency", "category", "outcome", "received_on", "closed_on"],
                name="requests_three_group_idx",
            ),
        ),
    ]
