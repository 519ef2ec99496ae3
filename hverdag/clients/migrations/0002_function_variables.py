from django.db import migrations


def install(apps, schema_editor):
    from hverdag.clients.reference import FUNCTION_VARIABLES, SPEC_VERSION

    FunctionVariable = apps.get_model("clients", "FunctionVariable")
    for order, (code, nb, en, group) in enumerate(FUNCTION_VARIABLES, start=1):
        FunctionVariable.objects.get_or_create(
            spec_version=SPEC_VERSION,
            code=code,
            defaults={"order": order, "name_nb": nb, "name_en": en, "group": group},
        )


class Migration(migrations.Migration):
    dependencies = [("clients", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
