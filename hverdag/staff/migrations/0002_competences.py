from django.db import migrations


def install(apps, schema_editor):
    from hverdag.staff.reference import install_competences

    install_competences(apps.get_model("staff", "Competence"))


class Migration(migrations.Migration):
    dependencies = [("staff", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
