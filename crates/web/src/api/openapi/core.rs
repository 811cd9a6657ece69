//! The caller, places and other persons.

use super::*;

pub(super) fn operations() -> Vec<Op> {
    vec![
        Op::new("get", "/openapi.json", "getOpenApi", "meta", "This OpenAPI document.").public(),
        Op::new("get", "/me", "getMe", "me", "Who am I: profile and roles per place.").ok(200, "Me"),
        Op::new("get", "/me/export", "exportMe", "me", "Everything stored about me, as JSON.").ok(200, "PersonalExport"),
        Op::new("get", "/me/access-log", "getMyAccessLog", "me", "Who read my personal data, newest first.").ok(200, "AccessLog"),
        Op::new("get", "/me/consents", "getMyConsents", "me", "Consents I gave and received.").ok(200, "ConsentLists"),
        Op::new("post", "/me/consents", "grantConsent", "me", "Let someone see part of my data, for a purpose, until a date.").body("NewConsent").ok(201, "Consent").errors(&[400, 415, 422]),
        Op::new("get", "/me/mail-preferences", "getMyMailPreferences", "me", "What I want by e-mail: invitations to meetings in my wijk (off until I turn them on) and reminders a day before a meeting I registered for (on until I turn them off).").ok(200, "MailPreferences"),
        Op::new("put", "/me/mail-preferences", "setMyMailPreferences", "me", "Change what I want by e-mail; invitations and reminders are required, the weekly marketplace e-mail is left as it is when not given.").body("MailChoices").ok(200, "MailPreferences").errors(&[400, 415, 422]),
        Op::new("delete", "/me/consents/{id}", "revokeConsent", "me", "End a consent I gave.").params(id("Consent id.")).no_content(204).errors(&[404]),
        Op::new("get", "/places/{code}", "getPlace", "places", "A land, gemeente, wijk or buurt with its children. Resident counts under the minimum group size are null.").public().params(code()).ok(200, "PlaceDetail").errors(&[404]),
        Op::new("get", "/places/{code}/team", "getPlaceTeam", "places", "People with a role at the place (for professionals of the place or above).").params(code()).ok(200, "Team").errors(&[403, 404]),
        Op::new("post", "/places/{code}/roles", "assignRole", "places", "Give a person a role at the place. By e-mail address, a role for an address without an account waits for it (30 days), and the answer is the same either way.").params(code()).body("RoleGrant").ok(201, "RoleGranted").errors(&[400, 403, 404, 409, 415, 422]),
        Op::new("get", "/places/{code}/demand-supply", "getDemandSupply", "places", "Demand (mentions in the wijk's surveys) against supply (services on the sociale kaart) per life domain, with a verdict.").public().params(vec![path_param("code", "CBS code of the wijk.")]).ok(200, "DemandSupply").errors(&[404]),
        Op::new("get", "/places/{code}/wijkplan", "getWijkplan", "places", "The wijk's own plan: ambition, goals with indicator, baseline, target and date, contributions and measurements.").public().params(vec![path_param("code", "CBS code of the wijk.")]).ok(200, "Wijkplan").errors(&[404]),
        Op::new("put", "/places/{code}/wijkplan", "saveWijkplan", "places", "The wijk's leads write its ambition; the first time, this makes the plan. Answers with the whole plan.").params(vec![path_param("code", "CBS code of the wijk.")]).body("WijkplanInput").ok(200, "Wijkplan").errors(&[403, 404, 422]),
        Op::new("post", "/places/{code}/wijkplan/goals", "addWijkplanGoal", "places", "Add a goal to the wijkplan (it needs an ambition first): what is measured, its baseline, the target and by when.").params(vec![path_param("code", "CBS code of the wijk.")]).body("WijkplanGoalInput").ok(201, "WijkplanGoal").errors(&[403, 404, 422]),
        Op::new("post", "/places/{code}/wijkplan/goals/{goal}/contributions", "addWijkplanContribution", "places", "Who helps with a goal and how: residents, partners, entrepreneurs or the gemeente. Answers with the goal.").params(wijkplan_goal()).body("WijkplanContributionInput").ok(201, "WijkplanGoal").errors(&[403, 404, 422]),
        Op::new("post", "/places/{code}/wijkplan/goals/{goal}/measurements", "addWijkplanMeasurement", "places", "A measured value of the goal's indicator on a date. Answers with the goal and how far along the way to the target it is.").params(wijkplan_goal()).body("WijkplanMeasurementInput").ok(201, "WijkplanGoal").errors(&[403, 404, 422]),
        Op::new("get", "/persons/{id}", "getPerson", "persons", "Another person's profile, if they gave me consent. Every read is logged for them.").params(id("Person id.")).ok(200, "PersonProfile").errors(&[403]),
    ]
}

/// The wijk and one goal of its wijkplan, in the path.
fn wijkplan_goal() -> Vec<Value> {
    vec![path_param("code", "CBS code of the wijk."), path_param("goal", "Id of a goal of this wijk's plan.")]
}

pub(super) fn schemas() -> Value {
    let role_enum = json!({
        "type": "string",
        "enum": ["bewoner", "coach", "wijkwerker", "coordinator", "partner", "ondernemer", "gemeente", "landelijk"],
    });
    let level_enum = json!({ "type": "string", "enum": ["land", "gemeente", "wijk", "buurt"] });
    let mut all = json!({
        "Problem": object(&["type", "title", "status", "detail"], json!({
            "type": { "type": "string", "description": "URI of the problem type, or about:blank." },
            "title": str_prop(),
            "status": { "type": "integer" },
            "detail": str_prop(),
            "invalidParams": array_of("InvalidParam"),
        })),
        "InvalidParam": object(&["name", "code", "reason"], json!({
            "name": { "type": "string", "description": "The invalid field." },
            "code": { "type": "string", "description": "Stable machine-readable reason." },
            "reason": str_prop(),
        })),
        "RoleAtPlace": object(&["role", "placeCode"], json!({
            "role": role_enum, "placeCode": str_prop(), "placeName": nullable_str(),
        })),
        "Me": object(&["id", "displayName", "language", "roles", "createdAt"], json!({
            "id": str_prop(), "displayName": str_prop(), "email": nullable_str(), "language": str_prop(),
            "homePlaceCode": nullable_str(), "createdAt": time_prop(), "roles": array_of("RoleAtPlace"),
        })),
        "Person": object(&["id", "displayName", "language", "createdAt"], json!({
            "id": str_prop(), "email": nullable_str(), "displayName": str_prop(), "language": str_prop(),
            "homePlaceCode": nullable_str(), "createdAt": time_prop(),
        })),
        "Consent": object(&["id", "subjectId", "granteeId", "scope", "purpose", "grantedAt"], json!({
            "id": str_prop(), "subjectId": str_prop(), "granteeId": str_prop(),
            "scope": { "type": "string", "enum": ["profile", "weektests", "family-plan"] }, "purpose": str_prop(),
            "grantedAt": time_prop(),
            "validUntil": { "type": "string", "format": "date-time", "nullable": true },
            "revokedAt": { "type": "string", "format": "date-time", "nullable": true },
        })),
        "ConsentView": { "allOf": [schema_ref("Consent"), object(&["otherName", "active"], json!({
            "otherName": { "type": "string", "description": "The other party's name." },
            "active": { "type": "boolean" },
        }))] },
        "ConsentLists": object(&["given", "received"], json!({
            "given": array_of("ConsentView"), "received": array_of("ConsentView"),
        })),
        "NewConsent": object(&["granteeId", "scope", "purpose"], json!({
            "granteeId": str_prop(), "scope": { "type": "string", "enum": ["profile", "weektests", "family-plan"] },
            "purpose": { "type": "string", "maxLength": 200 },
            "validUntil": { "type": "string", "description": "RFC 3339 time, or a date (valid through that day)." },
        })),
        "AccessRecord": object(&["at", "actorName", "subjectId", "what", "why"], json!({
            "at": time_prop(), "actorId": nullable_str(),
            "actorName": { "type": "string", "description": "Empty when the reader's account was erased." },
            "subjectId": str_prop(), "what": str_prop(), "why": str_prop(),
        })),
        "AccessLog": object(&["items"], json!({ "items": array_of("AccessRecord") })),
        "PersonalExport": object(&["exportedAt", "person", "roles", "consentsGiven", "consentsReceived", "accessLog", "sessions", "knownBrowsers", "joinRequests", "auditedActions", "keptInitiatives", "apiTokens"], json!({
            "exportedAt": time_prop(),
            "person": schema_ref("Person"),
            "roles": { "type": "array", "items": object(&["role", "placeCode"], json!({ "role": role_enum, "placeCode": str_prop() })) },
            "consentsGiven": array_of("ConsentView"),
            "consentsReceived": array_of("ConsentView"),
            "accessLog": array_of("AccessRecord"),
            "sessions": { "type": "array", "items": object(&["createdAt", "expiresAt"], json!({ "createdAt": time_prop(), "expiresAt": time_prop() })) },
            "joinRequests": { "type": "array", "description": "Households I asked to join that have not answered yet.", "items": object(&["household", "requestedAt"], json!({ "household": str_prop(), "requestedAt": time_prop() })) },
            "keptInitiatives": { "type": "array", "description": "My own initiatives on the sociale kaart, which I keep.", "items": object(&["organisation", "addedAt"], json!({ "organisation": str_prop(), "addedAt": time_prop() })) },
            "wijkscanAnswers": { "type": "array", "description": "My answers in the gemeente's wijkscan.", "items": object(&["round", "placeCode", "group", "items", "answeredAt"], json!({ "round": str_prop(), "placeCode": str_prop(), "group": str_prop(), "items": str_prop(), "answeredAt": time_prop() })) },
            "meetingRegistrations": { "type": "array", "description": "The meetings I registered for or wait for a place at.", "items": object(&["meetingId", "meeting", "placeCode", "startsAt", "status", "registeredAt"], json!({ "meetingId": str_prop(), "meeting": str_prop(), "placeCode": str_prop(), "startsAt": time_prop(), "status": { "type": "string", "enum": ["registered", "waiting"] }, "registeredAt": time_prop() })) },
            "auditedActions": { "type": "array", "description": "Privileged actions I took, as the audit trail holds them.", "items": object(&["at", "action", "placeCode"], json!({ "at": time_prop(), "action": str_prop(), "placeCode": str_prop() })) },
            "knownBrowsers": { "type": "array", "description": "Browsers remembered for sign-in, so that others guessing the password cannot lock them out.", "items": object(&["createdAt", "lastUsedAt"], json!({ "createdAt": time_prop(), "lastUsedAt": time_prop() })) },
            "apiTokens": { "type": "array", "items": object(&["id", "label", "createdAt"], json!({ "id": str_prop(), "label": str_prop(), "createdAt": time_prop() })) },
        })),
        "PlaceRef": object(&["code", "level", "name"], json!({ "code": str_prop(), "level": level_enum, "name": str_prop() })),
        "PlaceChild": object(&["code", "level", "name"], json!({
            "code": str_prop(), "level": level_enum, "name": str_prop(),
            "residents": { "type": "integer", "nullable": true, "description": "Null when under the minimum group size." },
        })),
        "Organisation": object(&["id", "name", "kind", "placeCode", "description"], json!({
            "id": str_prop(), "name": str_prop(),
            "kind": { "type": "string", "enum": ["partner", "business", "initiative", "gemeente", "federation"] },
            "placeCode": str_prop(), "description": str_prop(), "website": nullable_str(),
        })),
        "PlaceDetail": object(&["code", "level", "name", "path", "children", "minGroupSize", "organisations"], json!({
            "code": str_prop(), "level": level_enum, "name": str_prop(), "parentCode": nullable_str(),
            "path": array_of("PlaceRef"), "children": array_of("PlaceChild"),
            "residentsTotal": { "type": "integer", "nullable": true },
            "minGroupSize": { "type": "integer", "minimum": 5 },
            "organisations": array_of("Organisation"),
        })),
        "TeamMember": object(&["personId", "displayName", "role", "placeCode"], json!({
            "personId": str_prop(), "displayName": str_prop(), "role": role_enum, "placeCode": str_prop(),
            "organisation": nullable_str(),
        })),
        "Team": object(&["items"], json!({ "items": array_of("TeamMember") })),
        "RoleGrant": object(&["role"], json!({
            "role": role_enum,
            "personId": { "type": "string", "description": "The person; or give email instead." },
            "email": { "type": "string", "description": "The person's e-mail address, if personId is not given." },
        })),
        "RoleGranted": object(&["role", "placeCode"], json!({
            "personId": { "type": "string", "description": "When given by personId." },
            "email": { "type": "string", "description": "When given by e-mail address: the role is given, or waits 30 days for an account with this address; the answer does not say which." },
            "role": role_enum, "placeCode": str_prop(),
        })),
        "PersonProfile": object(&["id", "displayName", "consent"], json!({
            "id": str_prop(), "displayName": str_prop(), "email": nullable_str(), "homePlaceCode": nullable_str(),
            "consent": object(&["id", "purpose"], json!({
                "id": str_prop(), "purpose": str_prop(),
                "validUntil": { "type": "string", "format": "date-time", "nullable": true },
            })),
        })),
    });
    // (Separate from the big object above: serde_json's macro has a recursion limit.)
    let mail_and_files = json!({
            "mailPreferences": schema_ref("MailPreferences"),
            "initiativeFiles": { "type": "array", "description": "Photos and receipts I added to an initiative's account.", "items": object(&["initiativeId", "initiative", "kind", "description", "uploadedAt"], json!({ "initiativeId": str_prop(), "initiative": str_prop(), "kind": { "type": "string", "enum": ["photo", "receipt"] }, "description": str_prop(), "uploadedAt": time_prop() })) },
            "mails": { "type": "array", "description": "Invitations and reminders sent to me, or waiting to be sent.", "items": object(&["kind", "meetingId", "meeting", "queuedAt"], json!({ "kind": { "type": "string", "enum": ["invitation", "reminder"] }, "meetingId": str_prop(), "meeting": str_prop(), "queuedAt": time_prop(), "sentAt": { "type": "string", "format": "date-time", "nullable": true } })) },
    });
    if let (Some(props), Value::Object(more)) =
        (all["PersonalExport"]["properties"].as_object_mut(), mail_and_files)
    {
        props.extend(more);
    }
    all["MailChoices"] = object(
        &["invitations", "reminders"],
        json!({ "invitations": { "type": "boolean" }, "reminders": { "type": "boolean" },
            "marketDigest": { "type": "boolean", "description": "The marketplace's weekly e-mail; unchanged when left out." } }),
    );
    all["MailPreferences"] = object(
        &["invitations", "reminders", "email"],
        json!({
            "invitations": { "type": "boolean" }, "reminders": { "type": "boolean" },
            "marketDigest": { "type": "boolean", "description": "The marketplace's weekly e-mail of what is new nearby and what matches my posts (off until I turn it on)." },
            "email": { "type": "string", "nullable": true, "description": "Where mail goes; null means none is sent." } }),
    );
    all
}
