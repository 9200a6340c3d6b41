"""``export_police_uk``: write the public data in the data.police.uk format, laid out as
``import_police_uk`` reads it (DESIGN.md section 6; the layout is in ``policeuk.formats``), with
the same selectors as the public API, so the files and the API never differ."""

import json
from collections.abc import Callable
from pathlib import Path

from policeuk import formats as fmt
from policeuk import selectors
from teams.models import Force, Neighbourhood


def _write(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def export_police_uk(
    root: Path,
    *,
    force_slugs: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Write the public data of the forces (all, or ``force_slugs``) to ``root`` in the layout
    of ``policeuk.formats``, with the same selectors as the public API. Returns the number of
    files written."""
    root = Path(root)
    progress = progress or (lambda message: None)
    forces = Force.objects.order_by("name", "slug")
    if force_slugs:
        forces = forces.filter(slug__in=force_slugs)
    written = 0
    _write(root / "forces.json", [{"id": f.slug, "name": f.name} for f in forces])
    written += 1
    for force in forces:
        _write(root / "forces" / f"{force.slug}.json", selectors.force_detail(force))
        _write(root / force.slug / "neighbourhoods.json", selectors.neighbourhoods_list(force))
        written += 2
        neighbourhoods = list(Neighbourhood.objects.filter(force=force).order_by("name", "code"))
        for number, n in enumerate(neighbourhoods, start=1):
            if not fmt.safe_name(n.code):
                progress(f"{force.slug}: code {n.code!r} cannot be a file name: skipped")
                continue
            base = root / force.slug / n.code
            _write(root / force.slug / f"{n.code}.json", selectors.neighbourhood_detail(n))
            _write(base / "boundary.json", selectors.neighbourhood_boundary(n))
            _write(base / "people.json", selectors.neighbourhood_people(n))
            _write(base / "events.json", selectors.neighbourhood_events(n))
            _write(base / "priorities.json", selectors.neighbourhood_priorities(n))
            written += 5
            if number % 25 == 0 or number == len(neighbourhoods):
                progress(f"{force.slug}: {number}/{len(neighbourhoods)} neighbourhoods")
    return written
