"""The offline map of the day's places (generator/site/placemap.py) and the
gazetteer coordinates it reads."""

from __future__ import annotations

import re
import shutil

from generator.text.gazetteer import load_gazetteer
from generator.site.placemap import HEIGHT, WIDTH, outline, place_map, project
from generator.site.render import render_site

from .conftest import REPO
from .test_render import D10, config_for, html, sample_digests


def test_projection_keeps_libya_in_the_frame_and_north_up():
    tripoli, sabha, tobruk = project(32.89, 13.19), project(27.04, 14.43), project(32.08, 23.96)
    assert all(0 < x < WIDTH and 0 < y < HEIGHT for x, y in (tripoli, sabha, tobruk))
    assert sabha[1] > tripoli[1]  # south is further down
    assert tobruk[0] > tripoli[0]  # east is further right


def test_outline_ships_libya_and_its_neighbours_with_attribution():
    countries, source = outline()
    assert {c.iso for c in countries} >= {"LBY", "TUN", "DZA", "EGY", "SDN", "TCD", "NER"}
    assert "Natural Earth" in source and "public domain" in source
    libya = next(c for c in countries if c.iso == "LBY")
    assert libya.name("ar") == "ليبيا" and libya.name("en_GB") == "Libya"
    assert re.fullmatch(r"(M[-0-9.,\s]+Z)+", libya.path)


def test_places_outside_the_frame_or_repeated_are_left_out():
    found = place_map(
        [("tripoli", "Tripoli", 32.89, 13.19), ("washington", "Washington", 38.9, -77.0), ("tripoli", "Tripoli", 32.89, 13.19)]
    )
    assert [m.id for m in found.markers] == ["tripoli"]
    assert place_map([("washington", "Washington", 38.9, -77.0)]) is None


def test_gazetteer_gives_coordinates_to_libyan_cities():
    gazetteer, problems = load_gazetteer(REPO / "content" / "gazetteer.yaml")
    assert not [p for p in problems if "lat and lon" in p.message]
    tripoli = gazetteer.place("tripoli")
    assert (tripoli.lat, tripoli.lon) == (32.89, 13.19)


def test_digest_shows_the_map_with_labels_in_the_page_language(tmp_path):
    (tmp_path / "content").mkdir()
    shutil.copy(REPO / "content" / "gazetteer.yaml", tmp_path / "content" / "gazetteer.yaml")
    files, problems = render_site(config_for(tmp_path), sample_digests(), D10)
    assert not problems
    ar = html(files, "ar/2025-09-10/index.html")
    assert '<svg viewBox="0 0 ' in ar and 'role="img"' in ar
    assert '<g class="map-place" role="img" aria-label="طرابلس">' in ar
    en = html(files, "en/2025-09-10/index.html")
    assert '<g class="map-place" role="img" aria-label="Tripoli">' in en
    assert "<script" not in en[en.index('<figure class="place-map"') : en.index("</figure>")]
