"""The demo councils (금정구) are in 부산광역시: their 공문 name 부산광역시 금정구 (issue 25).
Others fill 시도 in on the council or 공문 settings page."""

from django.db import migrations


def demo_sido(apps, schema_editor):
    Council = apps.get_model("council", "Council")
    Council.objects.filter(
        slug__in=["geumjeong", "geumjeong-edu"], district="금정구", sido=""
    ).update(sido="부산광역시")


class Migration(migrations.Migration):
    dependencies = [("council", "0012_notices")]

    operations = [migrations.RunPython(demo_sido, migrations.RunPython.noop)]
