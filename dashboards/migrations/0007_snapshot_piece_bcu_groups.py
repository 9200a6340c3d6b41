"""A large force's night is cut into pieces of several whole BCUs (issue 14 item 3): the
piece's one ``bcu`` becomes the many ``bcus`` (through SnapshotPieceBCU), and the old "bcu"
pieces of earlier nights become "bcus" pieces of their one BCU, so a rerun of such a night
still runs them."""

import django.contrib.postgres.constraints
import django.db.models.deletion
from django.db import migrations, models


def one_bcu_pieces_to_groups(apps, schema_editor):
    SnapshotPiece = apps.get_model("dashboards", "SnapshotPiece")
    SnapshotPieceBCU = apps.get_model("dashboards", "SnapshotPieceBCU")
    old = SnapshotPiece.objects.filter(kind="bcu")
    SnapshotPieceBCU.objects.bulk_create(
        SnapshotPieceBCU(night_id=night_id, piece_id=piece_id, bcu_id=bcu_id)
        for piece_id, night_id, bcu_id in old.values_list("id", "night_id", "bcu_id").iterator()
    )
    old.update(kind="bcus")


def groups_to_one_bcu_pieces(apps, schema_editor):
    SnapshotPiece = apps.get_model("dashboards", "SnapshotPiece")
    SnapshotPieceBCU = apps.get_model("dashboards", "SnapshotPieceBCU")
    links = SnapshotPieceBCU.objects.order_by("piece_id", "bcu_id")
    by_piece: dict[int, list[int]] = {}
    for piece_id, bcu_id in links.values_list("piece_id", "bcu_id").iterator():
        by_piece.setdefault(piece_id, []).append(bcu_id)
    if any(len(bcus) > 1 for bcus in by_piece.values()):
        raise RuntimeError(
            "Snapshot pieces of several BCUs cannot be turned back into one-BCU pieces: "
            "delete those nights (SnapshotNight) first."
        )
    for piece_id, (bcu_id,) in by_piece.items():
        SnapshotPiece.objects.filter(pk=piece_id).update(kind="bcu", bcu_id=bcu_id)
    # A group piece whose BCUs were all deleted names none: it goes, as a "bcu" piece would
    # have gone with its BCU.
    SnapshotPiece.objects.filter(kind="bcus").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0006_snapshot_value_lz4_compression"),
        ("teams", "0011_duty_record_posting_role"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="snapshotpiece",
            name="snapshot_piece_bcu_only_for_bcu_kind",
        ),
        migrations.RemoveConstraint(
            model_name="snapshotpiece",
            name="snapshot_piece_once_per_night",
        ),
        migrations.CreateModel(
            name="SnapshotPieceBCU",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "bcu",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="teams.bcu",
                    ),
                ),
                (
                    "night",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="dashboards.snapshotnight",
                    ),
                ),
                (
                    "piece",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="bcu_links",
                        to="dashboards.snapshotpiece",
                    ),
                ),
            ],
            options={
                "verbose_name": "snapshot piece BCU",
            },
        ),
        migrations.AddField(
            model_name="snapshotpiece",
            name="bcus",
            field=models.ManyToManyField(
                blank=True,
                related_name="+",
                through="dashboards.SnapshotPieceBCU",
                to="teams.bcu",
            ),
        ),
        migrations.AlterField(
            model_name="snapshotpiece",
            name="kind",
            field=models.CharField(
                choices=[
                    ("force", "Whole force"),
                    ("bcus", "BCUs of a large force"),
                    ("force_row", "Force row"),
                ],
                max_length=9,
            ),
        ),
        migrations.RunPython(one_bcu_pieces_to_groups, groups_to_one_bcu_pieces),
        migrations.RemoveField(
            model_name="snapshotpiece",
            name="bcu",
        ),
        migrations.AddConstraint(
            model_name="snapshotpiece",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["force", "bcus", "force_row"])),
                name="snapshot_piece_kind_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="snapshotpiece",
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(
                condition=models.Q(("kind__in", ["force", "force_row"])),
                expressions=[("night", "="), ("force", "=")],
                name="snapshot_piece_once_per_night",
            ),
        ),
        migrations.AddConstraint(
            model_name="snapshotpiecebcu",
            constraint=models.UniqueConstraint(
                fields=("night", "bcu"), name="snapshot_piece_bcu_once_per_night"
            ),
        ),
    ]
