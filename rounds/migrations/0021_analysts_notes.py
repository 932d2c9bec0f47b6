"""An analyst's note is an article's source kind: a correction of a round without sources,
given without an address, is checked against the note. No change to the table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0020_investor_kind_blank"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="source_kind",
            field=models.CharField(
                choices=[
                    ("url", "URL"),
                    ("feed", "Feed"),
                    ("paste", "Pasted text"),
                    ("file", "File"),
                    ("note", "An analyst's note"),
                ],
                default="url",
                max_length=10,
            ),
        ),
    ]
