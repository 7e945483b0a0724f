"""Password-reset requests keep the client only as a keyed hash (lib.ratelimit), like
the public correction form: the raw addresses already stored are hashed, then dropped."""

from django.db import migrations, models


def hash_addresses(apps, schema_editor):
    from lib.ratelimit import client_key

    Request = apps.get_model("council", "PasswordResetRequest")
    for row in Request.objects.exclude(ip_address=None).only("pk", "ip_address"):
        Request.objects.filter(pk=row.pk).update(
            client_key=client_key(row.ip_address, purpose="council.resets.client")
        )


class Migration(migrations.Migration):
    dependencies = [("council", "0007_opinion_entered_at")]

    operations = [
        migrations.AddField(
            model_name="passwordresetrequest",
            name="client_key",
            field=models.CharField(blank=True, db_index=True, max_length=64),
        ),
        migrations.RunPython(hash_addresses, migrations.RunPython.noop),
        migrations.RemoveField(model_name="passwordresetrequest", name="ip_address"),
    ]
