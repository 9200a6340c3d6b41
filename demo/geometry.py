"""Neighbourhood boundaries for generated forces.

``tiled_grid`` cuts a rectangle (the force area) into cells whose shared corners and edge
midpoints are jittered once and then used by every cell that touches them, so neighbouring
boundaries share their edges exactly: the cells tile the rectangle with no gaps and no
overlaps, yet look like hand-drawn ward boundaries rather than a chessboard.
"""

import random
from dataclasses import dataclass

from django.contrib.gis.geos import MultiPolygon, Point, Polygon

# Jitter as a fraction of a cell. Corners move at most 0.2 of a cell and edge midpoints 0.1
# across their edge, so opposite edges of a cell stay at least 0.4 of a cell apart and no
# boundary can cross itself.
CORNER_JITTER = 0.2
MIDPOINT_JITTER = 0.1


@dataclass(frozen=True)
class Area:
    """A rectangle in WGS84 degrees, cut into ``cols`` x ``rows`` cells."""

    west: float
    south: float
    east: float
    north: float
    cols: int
    rows: int

    @property
    def cell_width(self) -> float:
        return (self.east - self.west) / self.cols

    @property
    def cell_height(self) -> float:
        return (self.north - self.south) / self.rows

    def polygon(self) -> Polygon:
        w, s, e, n = self.west, self.south, self.east, self.north
        return Polygon(((w, s), (e, s), (e, n), (w, n), (w, s)), srid=4326)


def _r(value: float) -> float:
    # Six decimal places is about 10 cm: plenty, and every shared vertex is rounded once.
    return round(value, 6)


def tiled_grid(area: Area, rng: random.Random | None) -> dict[tuple[int, int], MultiPolygon]:
    """Return {(col, row): boundary} for every cell; row 0 is the southern row.

    With ``rng`` None the cells are plain rectangles (fast, for very large forces).
    """
    cw, ch = area.cell_width, area.cell_height
    cols, rows = area.cols, area.rows

    def jitter(scale: float) -> float:
        return rng.uniform(-scale, scale) if rng is not None else 0.0

    corners: dict[tuple[int, int], tuple[float, float]] = {}
    for i in range(cols + 1):
        for j in range(rows + 1):
            x = area.west + i * cw if i < cols else area.east
            y = area.south + j * ch if j < rows else area.north
            # Corners on the outer edge slide only along that edge, so the union stays the
            # force rectangle exactly; the four outer corners stay put.
            if 0 < i < cols:
                x += jitter(CORNER_JITTER) * cw
            if 0 < j < rows:
                y += jitter(CORNER_JITTER) * ch
            corners[i, j] = (_r(x), _r(y))

    # Midpoints of horizontal edges (between corner (i, j) and (i + 1, j)) move north or south;
    # those of vertical edges move east or west. Outer edges keep straight midpoints.
    h_mid: dict[tuple[int, int], tuple[float, float]] = {}
    v_mid: dict[tuple[int, int], tuple[float, float]] = {}
    if rng is not None:
        for i in range(cols):
            for j in range(rows + 1):
                (x1, y1), (x2, y2) = corners[i, j], corners[i + 1, j]
                dy = jitter(MIDPOINT_JITTER) * ch if 0 < j < rows else 0.0
                h_mid[i, j] = (_r((x1 + x2) / 2), _r((y1 + y2) / 2 + dy))
        for i in range(cols + 1):
            for j in range(rows):
                (x1, y1), (x2, y2) = corners[i, j], corners[i, j + 1]
                dx = jitter(MIDPOINT_JITTER) * cw if 0 < i < cols else 0.0
                v_mid[i, j] = (_r((x1 + x2) / 2 + dx), _r((y1 + y2) / 2))

    cells: dict[tuple[int, int], MultiPolygon] = {}
    for j in range(rows):
        for i in range(cols):
            if rng is None:
                ring = [corners[i, j], corners[i + 1, j], corners[i + 1, j + 1], corners[i, j + 1]]
            else:
                ring = [
                    corners[i, j],
                    h_mid[i, j],
                    corners[i + 1, j],
                    v_mid[i + 1, j],
                    corners[i + 1, j + 1],
                    h_mid[i, j + 1],
                    corners[i, j + 1],
                    v_mid[i, j],
                ]
            ring.append(ring[0])
            poly = Polygon(ring, srid=4326)
            if not poly.valid:  # cannot happen with the jitter bounds above; fail loudly
                raise ValueError(f"Generated cell {(i, j)} is not valid: {poly.valid_reason}")
            cells[i, j] = MultiPolygon(poly, srid=4326)
    return cells


def centre_of(boundary: MultiPolygon) -> Point:
    """A centre that lies inside the boundary (the centroid unless the shape is concave)."""
    centroid = boundary.centroid
    point = centroid if boundary.contains(centroid) else boundary.point_on_surface
    return Point(_r(point.x), _r(point.y), srid=4326)


def point_within(boundary: MultiPolygon, rng: random.Random, tries: int = 25) -> Point:
    """A random point inside the boundary (its centre if sampling keeps missing)."""
    # A prepared geometry answers "contains" much faster, and the extent is a slow call: keep
    # both on the boundary object.
    cached = getattr(boundary, "_npms_sampler", None)
    if cached is None:
        cached = boundary._npms_sampler = (boundary.prepared, boundary.extent)
    prepared, (west, south, east, north) = cached
    for _ in range(tries):
        point = Point(_r(rng.uniform(west, east)), _r(rng.uniform(south, north)), srid=4326)
        if prepared.contains(point):
            return point
    return centre_of(boundary)
