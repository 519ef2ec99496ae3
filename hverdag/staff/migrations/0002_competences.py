from django.db import migrations


def install(apps, schema_editor):
    from hverdag.staff.reference import COMPETENCES

    Competence = apps.get_model("staff", "Competence")
    for code, name in COMPETENCES:
        Competence.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("staff", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
