"""The company sectors: a fixed taxonomy of industries, many to many with companies.

The taxonomy is a copy of rounds.models.SECTORS as it was when this migration was written, so the
migration gives the same rows whatever the model module says later.
"""

from django.db import migrations, models

SECTORS = (
    ("artificial-intelligence", "Artificial intelligence"),
    ("enterprise-software", "Enterprise software"),
    ("developer-tools", "Developer tools"),
    ("data-infrastructure", "Data and cloud infrastructure"),
    ("cybersecurity", "Cybersecurity"),
    ("fintech", "Fintech"),
    ("insurance", "Insurance"),
    ("crypto", "Crypto and web3"),
    ("health", "Health care"),
    ("biotech", "Biotech and pharma"),
    ("medical-devices", "Medical devices"),
    ("e-commerce", "E-commerce and retail"),
    ("marketplaces", "Marketplaces"),
    ("consumer-apps", "Consumer apps"),
    ("media", "Media and entertainment"),
    ("gaming", "Gaming"),
    ("education", "Education"),
    ("hr-work", "HR and the future of work"),
    ("marketing-sales", "Marketing and sales"),
    ("legal", "Legal tech"),
    ("real-estate", "Real estate and construction"),
    ("mobility", "Transport and mobility"),
    ("logistics", "Logistics and supply chain"),
    ("energy", "Energy"),
    ("climate", "Climate and sustainability"),
    ("food-agriculture", "Food and agriculture"),
    ("robotics", "Robotics"),
    ("semiconductors", "Semiconductors and hardware"),
    ("manufacturing", "Manufacturing and industry"),
    ("space", "Space and aerospace"),
    ("defense", "Defense and security"),
    ("telecom", "Telecommunications"),
    ("travel", "Travel and hospitality"),
)


def add_sectors(apps, schema_editor):
    Sector = apps.get_model("rounds", "Sector")
    Sector.objects.bulk_create(Sector(slug=slug, name=name) for slug, name in SECTORS)


def remove_sectors(apps, schema_editor):
    apps.get_model("rounds", "Sector").objects.filter(
        slug__in=[slug for slug, _ in SECTORS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0011_saved_searches"),
    ]

    operations = [
        migrations.CreateModel(
            name="Sector",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("slug", models.SlugField(max_length=40, unique=True)),
                ("name", models.CharField(max_length=60, unique=True)),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.AddField(
            model_name="company",
            name="sectors",
            field=models.ManyToManyField(
                blank=True, related_name="companies", to="rounds.sector"
            ),
        ),
        migrations.RunPython(add_sectors, remove_sectors),
    ]
