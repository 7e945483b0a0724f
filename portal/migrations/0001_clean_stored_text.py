"""Clean text stored before every form cleaned it (issue 24, item 6): drop Unicode
noncharacters and control characters from every text column of the portal's apps;
one-line columns (CharField) also lose line breaks. The chained audit records are
left as they are (their hashes cover their text; their text came from cleaned names).
"""

from django.db import migrations

APPS = ("council", "facilities", "proposals", "reports")
CHAINED = {("council", "auditevent"), ("council", "loginrecord")}


def clean(apps, schema_editor):
    from lib.text import scrub_stored

    for app_label in APPS:
        for model in apps.get_app_config(app_label).get_models():
            if (app_label, model._meta.model_name) not in CHAINED:
                scrub_stored(model)


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0015_audit_chain"),
        ("facilities", "0005_english_finder_and_surveys"),
        ("proposals", "0005_typed_bullets"),
        ("reports", "0004_letter_settings"),
    ]

    operations = [migrations.RunPython(clean, migrations.RunPython.noop)]
