"""A document's delivery is recorded once, on the case's notice (requests.Notice). A delivery
recorded on the document before is moved to the case's latest notice of the same kind dated on
or before the document (made when there is none), its free-text method kept word for word as
the notice's reference (no method is guessed from it)."""

import django.db.models.deletion
from django.db import migrations, models

NOTICE_KIND = {
    "receipt": "acceptance",
    "correction": "correction",
    "extension": "extension",
    "consultation": "consultation",
    "fee": "fee",
    "reply": "reply",
}


def move_deliveries(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    Notice = apps.get_model("requests", "Notice")
    for document in Document.objects.filter(sent_on__isnull=False).order_by("pk"):
        kind = NOTICE_KIND[document.kind]
        notice = (
            Notice.objects.filter(
                application_id=document.application_id,
                kind=kind,
                dated_on__lte=document.issued_on or document.sent_on,
                consultation_id=document.consultation_id,
                document__isnull=True,
            )
            .order_by("-dated_on", "-pk")
            .first()
        )
        if notice is None:
            notice = Notice(
                application_id=document.application_id,
                consultation_id=document.consultation_id,
                kind=kind,
                dated_on=document.issued_on or document.sent_on,
            )
        if notice.sent_on is None:
            notice.sent_on = document.sent_on
            notice.received_on = document.received_on
            notice.tracking_number = notice.tracking_number or document.delivery_method[:40]
        notice.save()
        document.notice_id = notice.pk
        document.save(update_fields=["notice"])


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("requests", "0010_secrecy_review"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="notice",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="document",
                to="requests.notice",
                verbose_name="送达记录",
            ),
        ),
        migrations.RunPython(move_deliveries, migrations.RunPython.noop),
        migrations.RemoveField(model_name="document", name="delivery_method"),
        migrations.RemoveField(model_name="document", name="received_on"),
        migrations.RemoveField(model_name="document", name="sent_on"),
    ]
