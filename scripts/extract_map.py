"""Extract the outline of Libya and its neighbours for the offline map.

Source: Natural Earth 1:110m "Admin 0 - Countries" (public domain), as
shipped in the geopandas 0.14 wheel under
geopandas/datasets/naturalearth_lowres/.  Run once; only the output,
generator/data/libya-map.json, is committed:

    pip download geopandas==0.14.4 --no-deps -d /tmp/w
    unzip /tmp/w/geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*' -d /tmp/ne
    python scripts/extract_map.py /tmp/ne/geopandas/datasets/naturalearth_lowres

Coordinates are kept in degrees, rounded to 0.05 degree (the 1:110m data is
already coarse); generator/site/placemap.py projects them.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

COUNTRIES = {"LBY", "TUN", "DZA", "EGY", "SDN", "TCD", "NER", "ITA", "GRC"}
OUT = Path(__file__).resolve().parent.parent / "generator" / "data" / "libya-map.json"


def read_dbf(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    count, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields, pos = [], 32
    while data[pos] != 0x0D:
        name = data[pos : pos + 11].split(b"\0")[0].decode()
        fields.append((name, data[pos + 16]))
        pos += 32
    rows = []
    for n in range(count):
        start = header_len + n * record_len + 1
        row, offset = {}, start
        for name, length in fields:
            row[name] = data[offset : offset + length].decode("utf-8", "replace").strip()
            offset += length
        rows.append(row)
    return rows


def read_shp(path: Path) -> list[list[list[tuple[float, float]]]]:
    data = path.read_bytes()
    pos, shapes = 100, []
    while pos < len(data):
        _, length = struct.unpack(">II", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length * 2]
        pos += 8 + length * 2
        if struct.unpack("<i", body[:4])[0] != 5:  # polygon
            shapes.append([])
            continue
        num_parts, num_points = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{num_parts}i", body[44 : 44 + 4 * num_parts])) + [num_points]
        base = 44 + 4 * num_parts
        points = [struct.unpack("<dd", body[base + 16 * k : base + 16 * k + 16]) for k in range(num_points)]
        shapes.append([points[parts[k] : parts[k + 1]] for k in range(num_parts)])
    return shapes


def simplify(ring: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat in ring:
        point = [round(lon * 20) / 20, round(lat * 20) / 20]
        if not out or out[-1] != point:
            out.append(point)
    return out


def main(folder: str) -> None:
    base = Path(folder) / "naturalearth_lowres"
    rows, shapes = read_dbf(base.with_suffix(".dbf")), read_shp(base.with_suffix(".shp"))
    countries = []
    for row, rings in zip(rows, shapes):
        if row["iso_a3"] in COUNTRIES:
            countries.append(
                {
                    "iso": row["iso_a3"],
                    "name": row["name"],
                    "rings": [r for r in (simplify(ring) for ring in rings) if len(r) > 3],
                }
            )
    countries.sort(key=lambda c: c["iso"])
    data = {
        "source": "Natural Earth 1:110m Admin 0 - Countries (public domain), naturalearthdata.com; "
        "via the geopandas 0.14.4 wheel (naturalearth_lowres)",
        "countries": countries,
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(countries)} countries, {sum(len(r) for c in countries for r in c['rings'])} points")


if __name__ == "__main__":
    main(sys.argv[1])
