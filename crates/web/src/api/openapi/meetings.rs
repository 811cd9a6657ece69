//! The open podium: meetings, organising one, one's registration.

use super::*;

pub(super) fn operations() -> Vec<Op> {
    vec![
        Op::new("get", "/places/{code}/meetings", "listMeetings", "meetings", "The meetings at a place and inside it: upcoming (soonest first) and past (latest first), with places taken and the waiting list as counts; the place's iCalendar feed is calendarUrl.").public().params(code()).ok(200, "Meetings").errors(&[404]),
        Op::new("post", "/places/{code}/meetings", "organiseMeeting", "meetings", "Put a meeting on the podium of a gemeente, wijk or buurt (its coördinator or the gemeente). An address or an online link (or both); times in UTC; the agenda's minutes may not add up to more than the meeting lasts.").params(code()).body("MeetingInput").ok(201, "Meeting").errors(&[400, 403, 404, 415, 422]),
        Op::new("get", "/meetings/{id}", "getMeeting", "meetings", "One meeting with its agenda, and my registration when I am signed in.").public().params(id("Meeting id.")).ok(200, "MeetingDetail").errors(&[404]),
        Op::new("post", "/meetings/{id}/registration", "registerForMeeting", "meetings", "Register me: a place while there is one, else the waiting list (with my place in it). Registering again answers the same.").params(id("Meeting id.")).ok(201, "MeetingRegistration").errors(&[404, 409]),
        Op::new("post", "/meetings/{id}/minutes", "recordMeetingMinutes", "meetings", "The minutes: notes per agenda item in its order, and how many people came (a count; never names). Again: replaces them.").params(id("Meeting id.")).body("MinutesInput").ok(201, "Minutes").errors(&[400, 403, 404, 415, 422]),
        Op::new("post", "/meetings/{id}/decisions", "addMeetingDecision", "meetings", "A decision taken at the meeting: what, who sees to it, by when. Until done it is on every later meeting's agenda at the place.").params(id("Meeting id.")).body("DecisionInput").ok(201, "Decision").errors(&[400, 403, 404, 415, 422]),
        Op::new("post", "/meetings/{id}/invitations", "inviteToMeeting", "meetings", "Invite by e-mail the residents of the meeting's place who asked for invitations (sent by `wijkwerk mail send`). Asking again queues only who was not invited yet. The counts say how many must still be reached by letter.").params(id("Meeting id.")).ok(202, "InvitationCounts").errors(&[403, 404, 409]),
        Op::new("post", "/decisions/{id}/done", "markDecisionDone", "meetings", "Mark a decision done today (the first date is kept).").params(id("Decision id.")).ok(201, "Decision").errors(&[403, 404]),
        Op::new("post", "/meetings/{id}/evaluation", "evaluateMeeting", "meetings", "How the meeting was, by someone registered for it, after it ended: a score 1 to 5 and a line (again: replaces it). The answer is what everyone sees: the count, and from the minimum group up the average and the lines.").params(id("Meeting id.")).body("EvaluationInput").ok(201, "EvaluationSummary").errors(&[400, 403, 404, 409, 415, 422]),
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
    let mut meeting_props = meeting_props;
    meeting_props["attended"] = json!({ "type": "integer", "nullable": true, "minimum": 0 });
    let mut detail = meeting_props.clone();
    detail["decisions"] = json!({ "type": "array", "items": schema_ref("Decision") });
    detail["carriedDecisions"] = json!({ "type": "array", "items": { "allOf": [schema_ref("Decision")], "properties": { "timesCarried": { "type": "integer", "minimum": 1 } } } });
    detail["agenda"] = json!({ "type": "array", "items": schema_ref("AgendaItem") });
    detail["over"] = json!({ "type": "boolean" });
    detail["evaluation"] = schema_ref("EvaluationSummary");
    detail["myRegistration"] = json!({ "allOf": [schema_ref("MeetingRegistration")], "nullable": true });
    json!({
        "AgendaItem": object(&["title", "minutes"], json!({
            "title": { "type": "string", "maxLength": 150 }, "minutes": { "type": "integer", "minimum": 1, "maximum": 720 },
            "brings": { "type": "string", "maxLength": 150 }, "notes": { "type": "string", "readOnly": true } })),
        "Decision": object(&["id", "meetingId", "title", "owner", "dueOn"], json!({
            "id": str_prop(), "meetingId": str_prop(), "meetingTitle": str_prop(), "placeCode": str_prop(),
            "title": str_prop(), "owner": str_prop(), "dueOn": { "type": "string", "format": "date" },
            "doneOn": { "type": "string", "format": "date", "nullable": true } })),
        "DecisionInput": object(&["title", "owner", "dueOn"], json!({
            "title": { "type": "string", "maxLength": 300 }, "owner": { "type": "string", "maxLength": 150 },
            "dueOn": { "type": "string", "format": "date" } })),
        "MinutesInput": object(&["notes"], json!({
            "notes": { "type": "array", "maxItems": 20, "items": { "type": "string", "maxLength": 4000 } },
            "attended": { "type": "integer", "minimum": 0, "maximum": 10000 } })),
        "Minutes": object(&["id", "notes"], json!({
            "id": str_prop(), "attended": { "type": "integer", "nullable": true }, "notes": { "type": "array", "items": str_prop() } })),
        "Meeting": object(&required, meeting_props),
        "MeetingDetail": object(&required, detail),
        "Meetings": object(&["code", "calendarUrl", "upcoming", "past", "decisions"], json!({
            "code": str_prop(), "calendarUrl": str_prop(), "upcoming": array_of("Meeting"), "past": array_of("Meeting"),
            "decisions": array_of("Decision") })),
        "MeetingInput": object(&["title", "purpose", "form", "startsAt", "endsAt", "organisers"], json!({
            "title": { "type": "string", "maxLength": 150 }, "purpose": { "type": "string", "maxLength": 2000 },
            "form": { "type": "string", "enum": wijkwerk_domain::meetings::FORMS },
            "venue": { "type": "string", "maxLength": 150 }, "address": { "type": "string", "maxLength": 200 },
            "accessibility": { "type": "string", "maxLength": 500 }, "onlineUrl": { "type": "string", "maxLength": 500 },
            "startsAt": time_prop(), "endsAt": time_prop(),
            "capacity": { "type": "integer", "minimum": 1, "maximum": 10000 },
            "organisers": { "type": "string", "maxLength": 300 },
            "agenda": { "type": "array", "maxItems": 20, "items": schema_ref("AgendaItem") } })),
        "EvaluationInput": object(&["score"], json!({
            "score": { "type": "integer", "minimum": 1, "maximum": 5 }, "line": { "type": "string", "maxLength": 300 } })),
        "EvaluationSummary": object(&["count", "lines"], json!({
            "count": { "type": "integer", "minimum": 0 }, "average": { "type": "number", "nullable": true },
            "lines": { "type": "array", "items": str_prop() } })),
        "InvitationCounts": object(&["residents", "reachable", "queued", "sent", "failed"], json!({
            "residents": { "type": "integer", "minimum": 0, "description": "Residents of the place with an account." },
            "reachable": { "type": "integer", "minimum": 0, "description": "Of them, those who want invitations and have an address." },
            "queued": { "type": "integer", "minimum": 0 }, "sent": { "type": "integer", "minimum": 0 },
            "failed": { "type": "integer", "minimum": 0, "description": "Given up after the last attempt." } })),
        "MeetingRegistration": object(&["status"], json!({
            "status": { "type": "string", "enum": ["registered", "waiting"] },
            "waitingPlace": { "type": "integer", "nullable": true, "minimum": 1 } })),
    })
}
