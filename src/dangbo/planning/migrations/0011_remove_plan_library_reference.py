from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("planning", "0010_plan_library_document")]

    operations = [migrations.RemoveField(model_name="plan", name="library_reference")]
