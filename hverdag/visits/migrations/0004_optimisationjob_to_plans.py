"""The optimisation job now belongs to plans (plans.0001 renamed its table): state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0003_field_work"),
        ("plans", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OptimisationJob")],
            database_operations=[],
        ),
    ]
