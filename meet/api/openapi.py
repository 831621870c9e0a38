"""The OpenAPI 3.1 document for /api/v1/, built from one table of routes."""

from __future__ import annotations

from meet.routing import ROW_ID_MAX

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "title", "message"],
            "properties": {
                "code": {"type": "integer"},
                "title": {"type": "string"},
                "message": {"type": "string"},
            },
        }
    },
}

TEAM = {
    "type": "object",
    "required": ["id", "code", "name", "short_name", "unit_kind", "athletes"],
    "properties": {
        "id": {"type": "integer"},
        "code": {"type": "string", "description": "Delegation order, 01..NN"},
        "name": {"type": "string"},
        "short_name": {"type": "string"},
        "name_en": {"type": "string"},
        "unit_kind": {
            "type": "string",
            "enum": ["township", "system", "enterprise", "park", "organs"],
            "description": "Code of the unit kind (extensible per meet)",
        },
        "unit_kind_name": {"type": "string"},
        "athletes": {"type": "integer", "description": "Number of registered athletes"},
    },
}

EVENT = {
    "type": "object",
    "required": ["id", "code", "name", "category", "kind", "gender", "age_group"],
    "properties": {
        "id": {"type": "integer"},
        "code": {"type": "string"},
        "name": {"type": "string"},
        "name_en": {"type": "string"},
        "category": {"type": "string", "description": "Category code"},
        "category_name": {"type": "string"},
        "kind": {"type": "string", "enum": ["timed", "measured", "judged", "match"]},
        "gender": {"type": "string", "enum": ["M", "F", "X", "O"],
                   "description": "M men, F women, X mixed, O open"},
        "age_group": {"type": ["string", "null"]},
        "team_event": {"type": "boolean"},
        "entries": {"type": "integer"},
    },
}

TEAM_ATHLETE = {
    "type": "object",
    "required": ["bib", "name", "gender", "events"],
    "properties": {
        "bib": {"type": ["string", "null"], "description": "Bib number (号码布)"},
        "name": {"type": "string"},
        "gender": {"type": "string", "enum": ["M", "F"]},
        "events": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "name"],
                "properties": {"code": {"type": "string"}, "name": {"type": "string"},
                               "name_en": {"type": "string"}},
            },
        },
    },
}


STARTLIST_SLOT = {
    "type": "object",
    "required": ["position", "lane", "entry_id", "bibs", "names", "delegation", "source"],
    "properties": {
        "position": {"type": "integer", "description": "Order of appearance, or side 1/2"},
        "lane": {"type": ["integer", "null"]},
        "entry_id": {"type": ["integer", "null"], "description": "null while it waits"},
        "bibs": {"type": "array", "items": {"type": "string"},
                 "description": "Bib of every competing member (squads included)"},
        "names": {"type": "array", "items": {"type": "string"}},
        "delegation": {"type": "string"},
        "delegation_id": {"type": ["integer", "null"]},
        "source": {"type": "string",
                   "description": "Where a still empty slot's entry comes from"},
        "qualified": {"type": "string", "description": "Q, q or qD in a next round"},
    },
}

STARTLIST = {
    "type": "object",
    "required": ["event_id", "code", "name", "rounds"],
    "properties": {
        "event_id": {"type": "integer"},
        "code": {"type": "string"},
        "name": {"type": "string"},
        "rounds": {"type": "array", "items": {
            "type": "object",
            "required": ["number", "name", "stage", "status", "units"],
            "properties": {
                "number": {"type": "integer"},
                "name": {"type": "string"},
                "stage": {"type": "string", "enum": ["heats", "final", "flights", "order",
                                                     "group", "knockout", "swiss"]},
                "status": {"type": "string", "enum": ["published", "complete"]},
                "units": {"type": "array", "items": {
                    "type": "object",
                    "required": ["number", "label", "slots"],
                    "properties": {
                        "number": {"type": "integer"},
                        "code": {"type": "string", "description": "Match code, e.g. M3"},
                        "label": {"type": "string"},
                        "group": {"type": "string"},
                        "slots": {"type": "array",
                                  "items": {"$ref": "#/components/schemas/StartListSlot"}},
                    },
                }},
            },
        }},
    },
}

STANDINGS = {
    "type": "object",
    "required": ["medals", "points"],
    "properties": {
        "medals": {"type": "array", "items": {
            "type": "object",
            "required": ["rank", "team_id", "team", "gold", "silver", "bronze", "total"],
            "properties": {
                "rank": {"type": "integer", "description": "Equal rows share a rank: 1, 2, 2, 4"},
                "team_id": {"type": "integer"}, "team": {"type": "string"},
                "gold": {"type": "integer"}, "silver": {"type": "integer"},
                "bronze": {"type": "integer"}, "total": {"type": "integer"},
            },
        }},
        "points": {"type": "array", "items": {
            "type": "object",
            "required": ["rank", "team_id", "team", "points"],
            "properties": {
                "rank": {"type": "integer"}, "team_id": {"type": "integer"},
                "team": {"type": "string"},
                "points": {"type": "number",
                           "description": "Exact points, at most two decimals (5.5, 7.33)"},
            },
        }},
    },
}


SCHEDULE_ITEM = {
    "type": "object",
    "required": ["unit_id", "event_id", "round", "venue", "start", "end", "bibs"],
    "properties": {
        "unit_id": {"type": "integer", "description": "The heat, flight, session or match"},
        "event_id": {"type": "integer"},
        "event": {"type": "string"},
        "round": {"type": "string", "description": "Round name: 预赛, 决赛, 小组赛 ..."},
        "round_number": {"type": "integer"},
        "unit": {"type": "string", "description": "第1组, A组第2轮, 半决赛1 ..."},
        "venue": {"type": ["string", "null"]},
        "venue_id": {"type": ["integer", "null"]},
        "court": {"type": ["string", "null"], "description": "Court or table number"},
        "start": {"type": "string", "format": "date-time",
                  "description": "ISO 8601 with offset (China Standard Time, +08:00)"},
        "end": {"type": "string", "format": "date-time"},
        "status": {"type": "string"},
        "bibs": {"type": "array", "items": {"type": "string"},
                 "description": "Bib of every participant, squad members included; empty "
                                "until the start list is public"},
    },
}


RESULT_ROW = {
    "type": "object",
    "required": ["place", "bib", "name", "team_id", "team", "mark", "status", "points"],
    "properties": {
        "place": {"type": ["integer", "null"],
                  "description": "Final place; equal results share it (1, 2, 2, 4); null for "
                                 "DNS, DNF, DQ, NM, r"},
        "entry_id": {"type": "integer"},
        "bib": {"type": ["string", "null"], "description": "Null for a squad"},
        "name": {"type": "string", "description": "Athlete, or the delegation for a squad"},
        "members": {"type": "array", "items": {"type": "string"},
                    "description": "A squad's athletes"},
        "team_id": {"type": "integer"},
        "team": {"type": "string"},
        "mark": {"type": "string", "description": "As printed: 10.83, 1:02.45, 7.12, 9.267; "
                                                  "empty for a status and for matches"},
        "status": {"type": "string", "enum": ["OK", "DNS", "DNF", "DQ", "NM", "r"]},
        "record": {"type": ["string", "null"]},
        "points": {"type": "number", "description": "Team points this place earns under the "
                                                    "meet's scheme: 9, 5.5, 7.33"},
    },
}

UNIT_RESULT = {
    "type": "object",
    "required": ["position", "place", "mark", "status"],
    "properties": {
        "position": {"type": "integer"}, "lane": {"type": ["integer", "null"]},
        "entry_id": {"type": ["integer", "null"]}, "bib": {"type": ["string", "null"]},
        "name": {"type": "string"}, "team_id": {"type": ["integer", "null"]},
        "team": {"type": "string"},
        "members": {"type": "array", "items": {"type": "string"},
                    "description": "A squad's athletes"},
        "place": {"type": ["integer", "null"], "description": "Place within the unit"},
        "mark": {"type": "string"}, "status": {"type": "string"},
        "qualified": {"type": ["string", "null"], "enum": ["Q", "q", "qD", None]},
        "detail": {"type": "object", "description": "attempts, scores, card or sets"},
    },
}

EVENT_RESULTS = {
    "type": "object",
    "required": ["event_id", "code", "name", "status", "results", "rounds"],
    "properties": {
        "event_id": {"type": "integer"}, "code": {"type": "string"},
        "name": {"type": "string"}, "name_en": {"type": "string"},
        "kind": {"type": "string"}, "team_event": {"type": "boolean"},
        "status": {"type": "string", "enum": ["final", "in_progress", "not_started"]},
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/ResultRow"},
                    "description": "The published final classification, best first"},
        "rounds": {"type": "array", "items": {
            "type": "object",
            "required": ["number", "name", "stage", "units"],
            "properties": {
                "number": {"type": "integer"}, "name": {"type": "string"},
                "stage": {"type": "string"},
                "units": {"type": "array", "items": {
                    "type": "object",
                    "required": ["number", "label", "status", "results"],
                    "properties": {
                        "number": {"type": "integer"}, "code": {"type": ["string", "null"]},
                        "label": {"type": "string"}, "group": {"type": ["string", "null"]},
                        "status": {"type": "string", "enum": ["published", "not_published"]},
                        "starts_at": {"type": ["string", "null"], "format": "date-time"},
                        "results": {"type": "array",
                                    "items": {"$ref": "#/components/schemas/UnitResult"}},
                    },
                }},
            },
        }},
    },
}


ROW_ID = {"type": "integer", "minimum": 1, "maximum": ROW_ID_MAX}
ETAG = {"description": "Changes whenever a result is published or corrected",
        "schema": {"type": "string"}}


def _row_id(name: str, description: str) -> dict:
    """A path parameter naming a row: ids are positive SQL integers; a number outside
    that range names no row (404)."""
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": ROW_ID, "example": 1}


def _not_found(description: str) -> dict:
    return {"404": {"description": description, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}}}


def closed(schema):
    """The same schema with every object that lists its properties closed
    (``additionalProperties: false``): a field the API sends must be documented here, and
    the Schemathesis tests fail on one that is not. Free-form objects (no properties
    listed, e.g. a result's ``detail``) stay open."""
    if isinstance(schema, dict):
        out = {k: closed(v) for k, v in schema.items()}
        if "properties" in schema and "additionalProperties" not in schema:
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [closed(v) for v in schema]
    return schema


def _list_of(schema_ref: str, description: str) -> dict:
    return {
        "200": {
            "description": description,
            "content": {
                "application/json": {
                    "schema": {"type": "array", "items": {"$ref": schema_ref}}
                }
            },
        }
    }


def document(server_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "meet public API",
            "version": "1.0.0",
            "description": "Read-only data of the meet: delegations, events. No personal data.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/teams": {
                "get": {
                    "operationId": "listTeams",
                    "summary": "Delegations (代表队) of the meet, in delegation order",
                    "responses": _list_of("#/components/schemas/Team", "Delegations"),
                }
            },
            "/teams/{delegation_id}/athletes": {
                "get": {
                    "operationId": "listTeamAthletes",
                    "summary": "Approved athletes of one delegation: bib, name, gender, "
                    "events (empty until the organiser approves the delegation)",
                    "parameters": [_row_id("delegation_id", "Delegation id, as in GET /teams")],
                    "responses": {
                        **_list_of("#/components/schemas/TeamAthlete", "Athletes"),
                        **_not_found("No such delegation in the meet"),
                    },
                }
            },
            "/events": {
                "get": {
                    "operationId": "listEvents",
                    "summary": "Events (项目) of the meet, in the regulations' order",
                    "responses": _list_of("#/components/schemas/Event", "Events"),
                }
            },
            "/events/{event_id}/startlist": {
                "get": {
                    "operationId": "eventStartList",
                    "summary": "Published start list of an event: heats, flights, groups, "
                               "matches with bibs, names, delegation, lanes and order",
                    "parameters": [_row_id("event_id", "Event id, as in GET /events")],
                    "responses": {
                        "200": {"description": "Start list", "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/StartList"}}}},
                        **_not_found("No such event, or not yet published"),
                    },
                }
            },
            "/events/{event_id}/results": {
                "get": {
                    "operationId": "eventResults",
                    "summary": "Published results of an event: final places with team points, "
                               "and every round, heat and match with its published results",
                    "parameters": [_row_id("event_id", "Event id, as in GET /events")],
                    "responses": {
                        "200": {"description": "Results", "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/EventResults"}}}},
                        **_not_found("No such event"),
                    },
                }
            },
            "/standings": {
                "get": {
                    "operationId": "standings",
                    "summary": "Medal table (奖牌榜) and team points (团体总分), in rank order, "
                               "from published results only",
                    "parameters": [{"name": "If-None-Match", "in": "header", "required": False,
                                    "schema": {"type": "string"}}],
                    "responses": {
                        "200": {"description": "Both tables; the ETag changes when a result "
                                               "is published or corrected",
                                "headers": {"ETag": ETAG},
                                "content": {"application/json": {
                                    "schema": {"$ref": "#/components/schemas/Standings"}}}},
                        "304": {"description": "Not modified since the ETag given",
                                "headers": {"ETag": ETAG}},
                    },
                }
            },
            "/schedule": {
                "get": {
                    "operationId": "listSchedule",
                    "summary": "The timetable (竞赛日程): every scheduled unit in time order",
                    "parameters": [
                        {"name": "day", "in": "query", "description": "Only this day",
                         "schema": {"type": "string", "format": "date"},
                         "example": "2027-05-01"},
                        {"name": "venue_id", "in": "query", "description": "Only this venue",
                         "schema": ROW_ID, "example": 1},
                        {"name": "delegation_id", "in": "query",
                         "description": "Only units this delegation is in or may reach",
                         "schema": ROW_ID, "example": 1},
                    ],
                    "responses": {
                        **_list_of("#/components/schemas/ScheduleItem", "Scheduled units"),
                        "400": {"description": "A filter that is not a date (YYYY-MM-DD) "
                                               "or not an id",
                                "content": {"application/json": {
                                    "schema": {"$ref": "#/components/schemas/Error"}}}},
                    },
                }
            },
            "/teams/{delegation_id}/schedule.ics": {
                "get": {
                    "operationId": "teamScheduleCalendar",
                    "summary": "A delegation's timetable as an iCalendar (RFC 5545) feed",
                    "parameters": [_row_id("delegation_id", "Delegation id, as in GET /teams")],
                    "responses": {"200": {"description": "iCalendar feed",
                                          "content": {"text/calendar": {
                                              "schema": {"type": "string"}}}},
                                  **_not_found("No such delegation")},
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "responses": {"200": {"description": "OpenAPI document",
                                          "content": {"application/json": {
                                              "schema": {"type": "object",
                                                         "required": ["openapi", "paths"]}}}}},
                }
            },
        },
        "components": {"schemas": closed({
            "Team": TEAM, "Event": EVENT, "Error": ERROR,
            "EventResults": EVENT_RESULTS, "ResultRow": RESULT_ROW, "UnitResult": UNIT_RESULT,
            "Standings": STANDINGS, "ScheduleItem": SCHEDULE_ITEM, "TeamAthlete": TEAM_ATHLETE,
            "StartList": STARTLIST, "StartListSlot": STARTLIST_SLOT})},
    }
