//! Boundaries of places, from the GeoJSON a gemeente imports (CBS publishes
//! the wijk- en buurtkaart; PDOK serves it as GeoJSON), drawn as SVG paths.
//!
//! Coordinates are either the Dutch grid (RD New, metres) or longitude and
//! latitude; both are drawn with a flat projection that keeps the shapes'
//! proportions (longitude shrunk by the cosine of the latitude). A map of a
//! gemeente needs no more.

use serde_json::Value;

/// One polygon: its outer ring and holes, each a list of `[x, y]`.
pub type Polygon = Vec<Vec<[f64; 2]>>;

/// The place code of a feature: the first property that names a code of a
/// known place, trying CBS's and PDOK's property names first.
pub fn code_of(properties: &Value, known: &dyn Fn(&str) -> bool) -> Option<String> {
    const NAMES: [&str; 9] =
        ["statcode", "buurtcode", "wijkcode", "gemeentecode", "BU_CODE", "WK_CODE", "GM_CODE", "code", "id"];
    let obj = properties.as_object()?;
    let named = NAMES.iter().filter_map(|n| obj.get(*n));
    let rest = obj.values();
    named.chain(rest).filter_map(|v| v.as_str()).map(str::trim).find(|s| known(s)).map(String::from)
}

/// The polygons of a GeoJSON geometry (Polygon or MultiPolygon).
pub fn polygons(geometry: &Value) -> Result<Vec<Polygon>, String> {
    let ring = |r: &Value| -> Result<Vec<[f64; 2]>, String> {
        r.as_array()
            .ok_or("a ring is not a list")?
            .iter()
            .map(|p| {
                match p
                    .as_array()
                    .map(|a| (a.first().and_then(Value::as_f64), a.get(1).and_then(Value::as_f64)))
                {
                    Some((Some(x), Some(y))) if x.is_finite() && y.is_finite() => Ok([x, y]),
                    _ => Err("a point is not [x, y]".to_string()),
                }
            })
            .collect()
    };
    let polygon = |p: &Value| -> Result<Polygon, String> {
        p.as_array().ok_or("a polygon is not a list of rings")?.iter().map(ring).collect()
    };
    let coords = &geometry["coordinates"];
    match geometry["type"].as_str() {
        Some("Polygon") => Ok(vec![polygon(coords)?]),
        Some("MultiPolygon") => {
            coords.as_array().ok_or("MultiPolygon without coordinates")?.iter().map(polygon).collect()
        }
        Some(other) => Err(format!("{other} is not an area (Polygon or MultiPolygon)")),
        None => Err("a feature without a geometry type".to_string()),
    }
}

/// Is this the Dutch grid (metres) rather than longitude and latitude?
fn is_grid(shapes: &[&[Polygon]]) -> bool {
    shapes.iter().flat_map(|s| s.iter()).flatten().flatten().any(|p| p[0].abs() > 360.0 || p[1].abs() > 360.0)
}

/// SVG path data for each shape, fitted in `width` × `height` with the
/// shapes' proportions kept; points closer than half a unit to the one
/// before are left out. Returns the paths and the height actually used.
pub fn svg_paths(shapes: &[&[Polygon]], width: f64, height: f64) -> (Vec<String>, f64) {
    let grid = is_grid(shapes);
    let points = || shapes.iter().flat_map(|s| s.iter()).flatten().flatten();
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in points() {
        x0 = x0.min(p[0]);
        y0 = y0.min(p[1]);
        x1 = x1.max(p[0]);
        y1 = y1.max(p[1]);
    }
    if x0 > x1 {
        return (shapes.iter().map(|_| String::new()).collect(), height);
    }
    // Longitude degrees are shorter than latitude degrees away from the equator.
    let squeeze = if grid { 1.0 } else { ((y0 + y1) / 2.0).to_radians().cos().max(0.01) };
    let (w, h) = (((x1 - x0) * squeeze).max(1e-9), (y1 - y0).max(1e-9));
    let scale = (width / w).min(height / h);
    let used = (h * scale).ceil();
    let project = |p: &[f64; 2]| ((p[0] - x0) * squeeze * scale, (y1 - p[1]) * scale);
    let paths = shapes
        .iter()
        .map(|polys| {
            let mut d = String::new();
            for ring in polys.iter().flatten() {
                let mut last: Option<(f64, f64)> = None;
                for (i, p) in ring.iter().enumerate() {
                    let (x, y) = project(p);
                    if let Some((lx, ly)) = last
                        && (x - lx).abs() < 0.5
                        && (y - ly).abs() < 0.5
                        && i + 1 != ring.len()
                    {
                        continue;
                    }
                    d.push_str(&format!("{}{:.1} {:.1}", if last.is_none() { "M" } else { "L" }, x, y));
                    last = Some((x, y));
                }
                if last.is_some() {
                    d.push('Z');
                }
            }
            d
        })
        .collect();
    (paths, used)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn codes_are_found_under_cbs_pdok_or_any_name() {
        let known = |c: &str| c == "WK960102" || c == "BU96010201";
        assert_eq!(
            code_of(&json!({ "wijkcode": "WK960102", "naam": "x" }), &known).as_deref(),
            Some("WK960102")
        );
        assert_eq!(code_of(&json!({ "BU_CODE": "BU96010201 " }), &known).as_deref(), Some("BU96010201"));
        assert_eq!(code_of(&json!({ "anders": "WK960102" }), &known).as_deref(), Some("WK960102"));
        assert_eq!(code_of(&json!({ "wijkcode": "WK000000" }), &known), None);
    }

    #[test]
    fn polygons_and_multipolygons_read_and_points_are_checked() {
        let square = json!([[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]);
        assert_eq!(polygons(&json!({ "type": "Polygon", "coordinates": square })).unwrap().len(), 1);
        let multi = json!({ "type": "MultiPolygon", "coordinates": [square, square] });
        assert_eq!(polygons(&multi).unwrap().len(), 2);
        assert!(polygons(&json!({ "type": "Point", "coordinates": [1, 2] })).is_err());
        assert!(polygons(&json!({ "type": "Polygon", "coordinates": [[[0, "x"]]] })).is_err());
    }

    #[test]
    fn shapes_fit_the_box_keep_proportions_and_north_is_up() {
        // Two squares side by side in the Dutch grid: 2 km wide, 1 km high.
        let a: Vec<Polygon> = vec![vec![vec![
            [100000.0, 400000.0],
            [101000.0, 400000.0],
            [101000.0, 401000.0],
            [100000.0, 401000.0],
        ]]];
        let b: Vec<Polygon> = vec![vec![vec![
            [101000.0, 400000.0],
            [102000.0, 400000.0],
            [102000.0, 401000.0],
            [101000.0, 401000.0],
        ]]];
        let (paths, used) = svg_paths(&[&a, &b], 400.0, 400.0);
        assert_eq!(used, 200.0, "half as high as wide");
        assert_eq!(paths[0], "M0.0 200.0L200.0 200.0L200.0 0.0L0.0 0.0Z");
        assert!(paths[1].starts_with("M200.0 200.0"));
    }
}
