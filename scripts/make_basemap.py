"""Generate dyad/api/static/basemap.json, the dashboard's offline base map.

The outlines are Natural Earth's 1:110m countries (public domain) as the geopandas 0.14 wheel
ships them (`geopandas/datasets/naturalearth_lowres`; later geopandas releases dropped the file).
Fetch the wheel once with pip and point this script at it:

    .venv/bin/pip download --no-deps 'geopandas==0.14.4' -d /tmp/wheels
    .venv/bin/python scripts/make_basemap.py /tmp/wheels/geopandas-0.14.4-py3-none-any.whl

The output holds one SVG path per country in a plain longitude/latitude projection (x = lon,
y = -lat), rounded to 0.1 degree, so the browser draws it with no projection code and the server
never needs the network or a GIS library.
"""

from __future__ import annotations

import argparse
import json
import struct
import sys
import zipfile
from pathlib import Path

MEMBER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
OUT = Path(__file__).resolve().parent.parent / "dyad" / "api" / "static" / "basemap.json"
POLYGON = 5


def read_dbf(data: bytes) -> list[dict[str, str]]:
    """Records of a dBase III table (the attribute half of a shapefile)."""
    count, header_len, record_len = struct.unpack("<xxxxIHH", data[:12])
    fields = []
    offset = 32
    while data[offset] != 0x0D:
        name = data[offset:offset + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[offset + 16]))
        offset += 32
    rows = []
    for i in range(count):
        start = header_len + i * record_len + 1  # skip the deletion flag
        row = {}
        for name, width in fields:
            row[name] = data[start:start + width].decode("utf-8", "replace").strip()
            start += width
        rows.append(row)
    return rows


def read_polygons(data: bytes) -> list[list[list[tuple[float, float]]]]:
    """Rings of every polygon record of a .shp file."""
    shapes = []
    offset = 100
    while offset < len(data):
        length = struct.unpack(">I", data[offset + 4:offset + 8])[0] * 2
        body = data[offset + 8:offset + 8 + length]
        offset += 8 + length
        if struct.unpack("<i", body[:4])[0] != POLYGON:
            shapes.append([])
            continue
        n_parts, n_points = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", body[44:44 + 4 * n_parts])) + [n_points]
        base = 44 + 4 * n_parts
        points = [struct.unpack("<2d", body[base + 16 * k:base + 16 * k + 16]) for k in range(n_points)]
        shapes.append([points[parts[p]:parts[p + 1]] for p in range(n_parts)])
    return shapes


def ring_path(ring: list[tuple[float, float]]) -> str:
    """An SVG subpath for a ring, dropping points that round onto their predecessor."""
    out: list[str] = []
    last = None
    for lon, lat in ring:
        point = (round(lon, 1), round(-lat, 1))
        if point != last:
            out.append(f"{point[0]:g} {point[1]:g}")
            last = point
    if len(out) < 3:
        return ""
    return "M" + "L".join(out) + "Z"


def build(wheel: Path) -> dict:
    with zipfile.ZipFile(wheel) as archive:
        rows = read_dbf(archive.read(MEMBER + ".dbf"))
        shapes = read_polygons(archive.read(MEMBER + ".shp"))
    countries = []
    for row, rings in zip(rows, shapes, strict=True):
        path = "".join(ring_path(ring) for ring in rings)
        if path and row["continent"] != "Antarctica":
            countries.append({"iso3": row["iso_a3"], "name": row["name"], "d": path})
    return {"source": "Natural Earth 1:110m admin-0 countries (public domain)", "projection": "x=lon, y=-lat",
            "countries": countries}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="a geopandas 0.14 wheel (it ships naturalearth_lowres)")
    args = parser.parse_args(argv)
    OUT.write_text(json.dumps(build(args.wheel), separators=(",", ":")), encoding="utf-8")
    print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
