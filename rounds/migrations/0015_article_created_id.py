"""The admin's article list in its own order from an index: (created_at DESC, id DESC) in place
of (created_at DESC).

Django's changelist orders by the model's ordering and then by the primary key, so the old index
did not give the whole order and PostgreSQL read every article to sort them. The first page of
the article changelist at 250,000 articles, on two cores at load 8-9:

Before:
    Limit  (actual rows=100)  Buffers: shared hit=102 read=11830
      ->  Sort  Sort Key: created_at DESC, id DESC  Sort Method: top-N heapsort
            ->  Hash Left Join  (rounds_feed)
                  ->  Seq Scan on rounds_article  (actual rows=249857)
    Execution Time: 377 ms (937 ms with every column, as the admin reads them)

After:
    Limit  (actual rows=100)  Buffers: shared hit=9
      ->  Nested Loop Left Join  (rounds_feed)
            ->  Index Scan using article_created_id on rounds_article  (actual rows=100)
    Execution Time: 0.1 ms

The ingestion page's "newest first" (Meta.ordering, -created_at) walks the same index.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0014_round_by_id"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="article",
            name="article_created",
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["-created_at", "-id"], name="article_created_id"
            ),
        ),
    ]
