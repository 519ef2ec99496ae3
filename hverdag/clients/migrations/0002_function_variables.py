from django.db import migrations


def install(apps, schema_editor):
    from hverdag.clients.reference import install_function_variables

    install_function_variables(apps.get_model("clients", "FunctionVariable"))


class Migration(migrations.Migration):
    dependencies = [("clients", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
