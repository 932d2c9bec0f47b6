"""An investor's kind may be blank: an editor clears a wrong type in review when none is
known. No change to the tables (Django checks blank in forms only)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0019_status_type_date_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalinvestor",
            name="kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("venture", "Venture firm"),
                    ("corporate", "Corporate"),
                    ("angel", "Angel"),
                    ("private_equity", "Private equity"),
                    ("sovereign", "Government or sovereign fund"),
                    ("bank", "Bank"),
                    ("accelerator", "Accelerator"),
                    ("other", "Other"),
                ],
                default="venture",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="investor",
            name="kind",
            field=models.CharField(
                blank=True,
                choices=[
                    ("venture", "Venture firm"),
                    ("corporate", "Corporate"),
                    ("angel", "Angel"),
                    ("private_equity", "Private equity"),
                    ("sovereign", "Government or sovereign fund"),
                    ("bank", "Bank"),
                    ("accelerator", "Accelerator"),
                    ("other", "Other"),
                ],
                default="venture",
                max_length=20,
            ),
        ),
    ]
