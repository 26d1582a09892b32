"""The map of the day's events: an inline SVG of Libya and its neighbours,
drawn from data shipped in the package (generator/data/libya-map.json, from
Natural Earth, public domain; see scripts/extract_map.py), with a dot and a
label for each place that has coordinates in the gazetteer.  No tiles, no
script: the page carries the whole map.

Projection: equirectangular over the frame WEST..EAST, SOUTH..NORTH, x
scaled by the cosine of the frame's middle latitude so Libya keeps its shape.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale

DATA = Path(__file__).resolve().parent.parent / "data" / "libya-map.json"
WEST, EAST, SOUTH, NORTH = 7.0, 28.0, 18.5, 37.5
SCALE = 20.0  # SVG units per degree of latitude
X_SCALE = SCALE * math.cos(math.radians((SOUTH + NORTH) / 2))
WIDTH = round((EAST - WEST) * X_SCALE, 1)
HEIGHT = round((NORTH - SOUTH) * SCALE, 1)
ISO2 = {"LBY": "LY", "TUN": "TN", "DZA": "DZ", "EGY": "EG", "SDN": "SD", "TCD": "TD", "NER": "NE", "ITA": "IT", "GRC": "GR"}


@dataclass(frozen=True)
class Country:
    iso: str
    path: str  # SVG path data

    def name(self, locale: str) -> str:
        code = ISO2.get(self.iso, self.iso)
        return Locale.parse(locale).territories.get(code, code)


@dataclass(frozen=True)
class Marker:
    id: str
    label: str
    x: float
    y: float
    anchor: str  # text-anchor: the label goes to the side with room


@dataclass(frozen=True)
class PlaceMap:
    width: float
    height: float
    countries: tuple[Country, ...]
    markers: tuple[Marker, ...]
    source: str


def project(lat: float, lon: float) -> tuple[float, float]:
    return round((lon - WEST) * X_SCALE, 1), round((NORTH - lat) * SCALE, 1)


@lru_cache(maxsize=1)
def outline() -> tuple[tuple[Country, ...], str]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    countries = []
    for country in data["countries"]:
        rings = []
        for ring in country["rings"]:
            points = [project(lat, lon) for lon, lat in ring]
            rings.append("M" + " ".join(f"{x:g},{y:g}" for x, y in points) + "Z")
        countries.append(Country(country["iso"], "".join(rings)))
    return tuple(countries), data["source"]


def place_map(places: list[tuple[str, str, float, float]]) -> PlaceMap | None:
    """A map of (id, label, lat, lon) places inside the frame; None when
    none of them is."""
    markers = []
    seen: set[str] = set()
    for pid, label, lat, lon in places:
        if pid in seen or not (SOUTH <= lat <= NORTH and WEST <= lon <= EAST):
            continue
        seen.add(pid)
        x, y = project(lat, lon)
        markers.append(Marker(pid, label, x, y, "end" if x > WIDTH * 0.6 else "start"))
    if not markers:
        return None
    countries, source = outline()
    return PlaceMap(WIDTH, HEIGHT, countries, tuple(markers), source)
