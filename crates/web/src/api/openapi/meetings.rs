//! The open podium: meetings, organising one, one's registration.

use super::*;

pub(super) fn operations() -> Vec<Op> {
    vec![
        Op::new("get", "/places/{code}/meetings", "listMeetings", "meetings", "The meetings at a place and inside it: upcoming (soonest first) and past (latest first), with places taken and the waiting list as counts; the place's iCalendar feed is calendarUrl.").public().params(code()).ok(200, "Meetings").errors(&[404]),
        Op::new("post", "/places/{code}/meetings", "organiseMeeting", "meetings", "Put a meeting on the podium of a gemeente, wijk or buurt (its coördinator or the gemeente). An address or an online link (or both); times in UTC; the agenda's minutes may not add up to more than the meeting lasts.").params(code()).body("MeetingInput").ok(201, "Meeting").errors(&[400, 403, 404, 415, 422]),
        Op::new("get", "/meetings/{id}", "getMeeting", "meetings", "One meeting with its agenda, and my registration when I am signed in.").public().params(id("Meeting id.")).ok(200, "MeetingDetail").errors(&[404]),
        Op::new("post", "/meetings/{id}/registration", "registerForMeeting", "meetings", "Register me: a place while there is one, else the waiting list (with my place in it). Registering again answers the same.").params(id("Meeting id.")).ok(201, "MeetingRegistration").errors(&[404, 409]),
        Op::new("delete", "/meetings/{id}/registration", "cancelMeetingRegistration", "meetings", "Cancel my registration; a place I free goes to the first on the waiting list.").params(id("Meeting id.")).no_content(204).errors(&[404]),
    ]
}

pub(super) fn schemas() -> Value {
    let meeting_props = json!({
        "id": str_prop(), "placeCode": str_prop(), "placeName": str_prop(), "title": str_prop(), "purpose": str_prop(),
        "form": { "type": "string", "enum": wijkwerk_domain::meetings::FORMS },
        "venue": str_prop(), "address": str_prop(), "accessibility": str_prop(), "onlineUrl": nullable_str(),
        "startsAt": time_prop(), "endsAt": time_prop(),
        "capacity": { "type": "integer", "nullable": true, "minimum": 1 },
        "registered": { "type": "integer", "minimum": 0 }, "waiting": { "type": "integer", "minimum": 0 },
        "organisers": str_prop(), "calendarUrl": str_prop(),
    });
    let required = [
        "id",
        "placeCode",
        "title",
        "purpose",
        "form",
        "startsAt",
        "endsAt",
        "registered",
        "waiting",
        "organisers",
        "calendarUrl",
    ];
    let mut detail = meeting_props.clone();
    detail["agenda"] = json!({ "type": "array", "items": schema_ref("AgendaItem") });
    detail["over"] = json!({ "type": "boolean" });
    detail["myRegistration"] = json!({ "allOf": [schema_ref("MeetingRegistration")], "nullable": true });
    json!({
        "AgendaItem": object(&["title", "minutes"], json!({
            "title": { "type": "string", "maxLength": 150 }, "minutes": { "type": "integer", "minimum": 1, "maximum": 720 },
            "brings": { "type": "string", "maxLength": 150 } })),
        "Meeting": object(&required, meeting_props),
        "MeetingDetail": object(&required, detail),
        "Meetings": object(&["code", "calendarUrl", "upcoming", "past"], json!({
            "code": str_prop(), "calendarUrl": str_prop(), "upcoming": array_of("Meeting"), "past": array_of("Meeting") })),
        "MeetingInput": object(&["title", "purpose", "form", "startsAt", "endsAt", "organisers"], json!({
            "title": { "type": "string", "maxLength": 150 }, "purpose": { "type": "string", "maxLength": 2000 },
            "form": { "type": "string", "enum": wijkwerk_domain::meetings::FORMS },
            "venue": { "type": "string", "maxLength": 150 }, "address": { "type": "string", "maxLength": 200 },
            "accessibility": { "type": "string", "maxLength": 500 }, "onlineUrl": { "type": "string", "maxLength": 500 },
            "startsAt": time_prop(), "endsAt": time_prop(),
            "capacity": { "type": "integer", "minimum": 1, "maximum": 10000 },
            "organisers": { "type": "string", "maxLength": 300 },
            "agenda": { "type": "array", "maxItems": 20, "items": schema_ref("AgendaItem") } })),
        "MeetingRegistration": object(&["status"], json!({
            "status": { "type": "string", "enum": ["registered", "waiting"] },
            "waitingPlace": { "type": "integer", "nullable": true, "minimum": 1 } })),
    })
}
