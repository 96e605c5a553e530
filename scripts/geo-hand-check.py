#!/usr/bin/env python3
"""Independent check of test/unit/geo.test.ts's distances, outside casebuilder's code.

For each position: haversine on a sphere of 3440.065 nm to every coastline vertex of
assets/geo/coast.json (brute force, no index), the nearest kept, with its country and the nearest
listed port of that country. Usage: python3 scripts/geo-hand-check.py [lat lon ...]
"""
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
R = 3440.065
POSITIONS = {
    'off Tripoli': (32.95, 13.20), 'Libyan SRR': (34.0, 15.0), 'Maltese SRR': (35.5, 14.0),
    'off Malta': (35.75, 14.6), 'Lampedusa': (35.6, 12.7), 'off Pozzallo': (36.65, 14.85),
    'off Kerkennah': (34.5, 11.3), 'off Zarzis': (33.6, 11.45), 'Greek SRR': (36.0, 21.0),
    'Gulf of Sirte': (31.5, 18.0), 'north of the line': (32.7, 18.0), 'Tripoli city': (32.88743, 13.18733),
    'off Bardia': (32.5, 24.75), 'sample case': (33 + 14.07 / 60, 12 + 7.40 / 60),
}


def haversine(lon1, lat1, lon2, lat2):
    r = math.pi / 180
    h = (math.sin((lat2 - lat1) * r / 2) ** 2
         + math.cos(lat1 * r) * math.cos(lat2 * r) * math.sin((lon2 - lon1) * r / 2) ** 2)
    return 2 * R * math.asin(min(1, math.sqrt(h)))


def vertices():
    coast = json.loads((ROOT / 'assets/geo/coast.json').read_text())
    for country, flat in coast['coast']:
        x = y = 0
        for i in range(0, len(flat), 2):
            x += flat[i]
            y += flat[i + 1]
            yield x / coast['scale'], y / coast['scale'], coast['countries'][country]


def main():
    args = [float(a) for a in sys.argv[1:]]
    positions = {f'{lat} {lon}': (lat, lon) for lat, lon in zip(args[::2], args[1::2])} or POSITIONS
    points = list(vertices())
    ports = json.loads((ROOT / 'assets/geo/ports.json').read_text())
    for name, (lat, lon) in positions.items():
        d, x, y, country = min((haversine(lon, lat, x, y), x, y, c) for x, y, c in points)
        near = min(((haversine(lon, lat, p['lon'], p['lat']), p['name']) for p in ports if p['country'] == country),
                   default=(None, None))
        print(f'{name:18} {lat:.5f} {lon:.5f}  {d:7.2f} nm to {country} ({y:.4f}, {x:.4f})  near {near[1]} {near[0]}')


main()
