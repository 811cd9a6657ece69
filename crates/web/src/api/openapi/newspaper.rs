//! The wijkkrant: published editions and their items.

use super::*;

pub(super) fn operations() -> Vec<Op> {
    vec![
        Op::new("get", "/places/{code}/newspapers", "listNewspapers", "newspaper", "A wijk's wijkkrant: its editions per month, newest first (published ones; drafts too for its editorial group and the wijk's coördinator and wijkwerkers), and how many residents make it.").public().params(code()).ok(200, "Newspapers").errors(&[404]),
        Op::new("get", "/newspapers/{id}", "getNewspaper", "newspaper", "One edition with its items in print order. The printable page is /wijkkrant/{id}.").public().params(id("Edition id.")).ok(200, "NewspaperDetail").errors(&[404]),
    ]
}

pub(super) fn schemas() -> Value {
    let edition = json!({
        "id": str_prop(), "placeCode": str_prop(), "placeName": str_prop(),
        "period": { "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$" }, "title": str_prop(),
        "publishedAt": nullable_str(), "items": { "type": "integer", "minimum": 0 }, "responses": { "type": "integer", "minimum": 0 } });
    let mut detail = edition.clone();
    detail["itemList"] = json!({ "type": "array", "items": object(&["id", "kind", "title", "body"], json!({
        "id": str_prop(), "position": { "type": "integer" },
        "kind": { "type": "string", "enum": wijkwerk_domain::newspaper::KINDS }, "refId": str_prop(),
        "title": str_prop(), "body": str_prop() })) });
    json!({
        "Newspaper": object(&["id", "placeCode", "period", "title"], edition),
        "NewspaperDetail": object(&["id", "placeCode", "period", "title", "itemList"], detail),
        "Newspapers": object(&["code", "editors", "editions"], json!({
            "code": str_prop(), "editors": { "type": "integer", "minimum": 0 }, "editions": array_of("Newspaper") })),
    })
}
