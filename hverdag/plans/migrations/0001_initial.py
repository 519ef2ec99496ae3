"""The optimisation job moves from visits to plans: the table is renamed, no row changes.

The model is taken over in the migration state as it was (on ``visits_optimisationjob``),
then the table gets this app's name; visits.0004 drops the model from visits' state only.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    # Permissions and admin log entries point to the content type: keep them, relabelled.
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="plans", model="optimisationjob").exists():
        ContentType.objects.filter(app_label="visits", model="optimisationjob").update(
            app_label="plans"
        )


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="visits", model="optimisationjob").exists():
        ContentType.objects.filter(app_label="plans", model="optimisationjob").update(
            app_label="visits"
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("org", "0001_initial"),
        ("staff", "0003_absence_shift"),
        ("visits", "0003_field_work"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='OptimisationJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('date', models.DateField(verbose_name='date')),
                        ('last_date', models.DateField(verbose_name='last date')),
                        ('kind', models.CharField(choices=[('optimise', 'Optimise'), ('replan', 'Re-plan with few moves')], default='optimise', max_length=10)),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('succeeded', 'Done'), ('failed', 'Failed'), ('cancelled', 'Cancelled')], default='queued', max_length=10, verbose_name='status')),
                        ('seconds', models.FloatField(default=20, verbose_name='time limit (seconds)')),
                        ('continuity', models.BooleanField(default=True, verbose_name='continuity')),
                        ('cancel_requested', models.BooleanField(default=False)),
                        ('progress', models.JSONField(default=dict)),
                        ('error', models.TextField(blank=True)),
                        ('task_id', models.CharField(blank=True, max_length=64)),
                        ('requested_at', models.DateTimeField(auto_now_add=True)),
                        ('started_at', models.DateTimeField(blank=True, null=True)),
                        ('heartbeat_at', models.DateTimeField(blank=True, null=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('absent_employee', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='staff.employee')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.municipality')),
                        ('provider', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.provider')),
                        ('requested_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('team', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.team')),
                    ],
                    options={
                        'verbose_name': 'optimisation job',
                        'verbose_name_plural': 'optimisation jobs',
                        'ordering': ['-requested_at', '-id'],
                        'db_table': 'visits_optimisationjob',
                        'constraints': [models.UniqueConstraint(condition=models.Q(('status__in', ['queued', 'running'])), fields=('provider', 'team', 'date'), name='job_one_active_per_scope_day'), models.CheckConstraint(condition=models.Q(('last_date__gte', models.F('date'))), name='job_dates_ordered')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="optimisationjob", table=None),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
