"""A member's term ends on or after its start, in the database too (issue 22).

Rows saved before the rule (a term ending before it began, possible only
through the admin or a script) are closed on their start day first, so the
constraint can be added; nothing else changes.
"""

from django.db import migrations, models


def end_bad_terms_on_their_start(apps, schema_editor):
    Member = apps.get_model("council", "Member")
    Member.objects.filter(term_end__lt=models.F("term_start")).update(
        term_end=models.F("term_start")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0008_reset_requests_hash_the_client"),
    ]

    operations = [
        migrations.RunPython(end_bad_terms_on_their_start, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="member",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("term_end__isnull", True),
                    ("term_end__gte", models.F("term_start")),
                    _connector="OR",
                ),
                name="member_term_end_not_before_start",
            ),
        ),
    ]
