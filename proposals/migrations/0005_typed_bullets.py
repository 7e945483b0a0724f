"""Drop the bullets typed at the start of proposal and response lines (the document adds
its own ○ / ▷): existing rows are cleaned as new saves are (lib.korean.without_bullets)."""

from django.db import migrations

from lib.korean import without_bullet, without_bullets


def clean(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    DepartmentResponse = apps.get_model("proposals", "DepartmentResponse")
    for proposal in Proposal.objects.only("pk", "headline", "details").iterator():
        headline, details = without_bullet(proposal.headline), without_bullets(proposal.details)
        if (headline, details) != (proposal.headline, proposal.details):
            Proposal.objects.filter(pk=proposal.pk).update(headline=headline, details=details)
    for response in DepartmentResponse.objects.only("pk", "lines").iterator():
        lines = without_bullets(response.lines)
        if lines != response.lines:
            DepartmentResponse.objects.filter(pk=response.pk).update(lines=lines)


class Migration(migrations.Migration):
    dependencies = [("proposals", "0004_plain_field_labels")]

    operations = [migrations.RunPython(clean, migrations.RunPython.noop)]
