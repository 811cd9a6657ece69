# Makes the demo's made-up boundaries of Lindenhoven (GM9601) as GeoJSON in the Dutch grid
# (RD New, EPSG:28992, metres), with CBS's property names (statcode, statnaam) as the
# wijk- en buurtkaart has them. Run: python3 make_shapes.py (writes lindenhoven.geojson beside itself).
import json, os

X0, Y0 = 150000, 450000
# (code, name, x, y, w, h, buurten) with the wijk as a rectangle in km, its buurten as strips.
WIJKEN = [
    ("WK960101", "Centrum", 2.0, 2.0, 1.6, 1.4, [("BU96010101", "Binnenstad"), ("BU96010102", "Stationsbuurt"), ("BU96010103", "Havenkade")]),
    ("WK960102", "Oosterpark", 3.6, 1.2, 2.0, 2.6, [("BU96010201", "Oosterpark-Noord"), ("BU96010202", "Oosterpark-Zuid"), ("BU96010203", "Bloemenbuurt"), ("BU96010204", "Het Veld")]),
    ("WK960103", "Molenwijk", 1.2, 3.4, 2.4, 1.6, [("BU96010301", "Molenhoek"), ("BU96010302", "De Wieken"), ("BU96010303", "Sluiskwartier")]),
    ("WK960104", "De Beemden", 1.2, 0.4, 2.4, 1.6, [("BU96010401", "Beemden-West"), ("BU96010402", "Beemden-Oost"), ("BU96010403", "Kreekrug")]),
    ("WK960105", "Eikendonk", 0.0, 0.4, 1.2, 4.6, [("BU96010501", "Eikendonk-Dorp"), ("BU96010502", "Buitengebied Eikendonk"), ("BU96010503", "Eikenhof")]),
]
# Centrum's rectangle sits between Molenwijk and De Beemden; the strip left of it belongs to Centrum too.
def rect(x, y, w, h):
    p = lambda a, b: [round(X0 + a * 1000), round(Y0 + b * 1000)]
    # A few extra points on the edges, so the shapes are not bare rectangles.
    return [[p(x, y), p(x + w / 2, y - 0.05), p(x + w, y), p(x + w + 0.04, y + h / 2), p(x + w, y + h), p(x + w / 2, y + h + 0.05), p(x, y + h), p(x - 0.04, y + h / 2), p(x, y)]]

features = []
for code, name, x, y, w, h, buurten in WIJKEN:
    if code == "WK960101":
        x, w = 1.2, 2.4
    features.append({"type": "Feature", "properties": {"statcode": code, "statnaam": name, "jrstatcode": "2024" + code},
                     "geometry": {"type": "Polygon", "coordinates": rect(x, y, w, h)}})
    step = w / len(buurten)
    for i, (bcode, bname) in enumerate(buurten):
        features.append({"type": "Feature", "properties": {"statcode": bcode, "statnaam": bname, "jrstatcode": "2024" + bcode},
                         "geometry": {"type": "Polygon", "coordinates": rect(x + i * step, y, step, h)}})
features.append({"type": "Feature", "properties": {"statcode": "GM9601", "statnaam": "Lindenhoven"},
                 "geometry": {"type": "Polygon", "coordinates": rect(0.0, 0.4, 5.6, 4.6)}})
out = {"type": "FeatureCollection", "name": "Lindenhoven (made up)",
       "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}, "features": features}
json.dump(out, open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "lindenhoven.geojson"), "w"), indent=1)
