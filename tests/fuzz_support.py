"""What the form fuzzer (tests/test_form_fuzz.py) needs besides hypothesis: the fields each
write route takes, a world to post into, and a snapshot of the whole database.

Fields come from two places, merged: the WTForms class a view builds (read from the view's
source) and the forms on every page of the world that post to the route (their inputs,
selects with their options, file inputs, hidden values such as ``version``). Dynamic forms
(the scoring sheet's ``s<slot>-mark`` fields) only show up on the page, fixed forms whose
page is not in the world only in the class.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from flask import Flask
from flask_wtf import FlaskForm
from wtforms.fields import (
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    FieldList,
    FileField,
    FloatField,
    FormField,
    IntegerField,
    MultipleFileField,
    SelectMultipleField,
)
from wtforms.fields.core import UnboundField

from meet.extensions import db
from meet.models import (
    Award,
    MeetRecord,
    Protest,
    Venue,
    VenueSession,
)
from meet.models.base import utcnow
from meet.registration import invitations
from tests import factories
from tests.scoring import factories as sf


@dataclass
class FieldSpec:
    """One form field: its kind (text, int, number, date, datetime, bool, file, multi) and
    the values the page offers (select options, checkbox and hidden values)."""

    kind: str = "text"
    choices: set[str] = field(default_factory=set)

    def merge(self, other: FieldSpec) -> None:
        if self.kind == "text":
            self.kind = other.kind
        self.choices |= other.choices


# --- fields from the WTForms class -------------------------------------------------------

_KINDS = [
    (MultipleFileField, "file"), (FileField, "file"), (SelectMultipleField, "multi"),
    (BooleanField, "bool"), (DateTimeField, "datetime"), (DateField, "date"),
    (IntegerField, "int"), (DecimalField, "number"), (FloatField, "number"),
]
_FORM_NAME = re.compile(r"\b(?:\w+\.)?([A-Z]\w*Form)\b")


def _kind(field_class: type) -> str:
    for cls, kind in _KINDS:
        if issubclass(field_class, cls):
            return kind
    return "text"


def _unbound(form_class: type) -> list[tuple[str, UnboundField]]:
    return [(name, getattr(form_class, name)) for name in dir(form_class)
            if isinstance(getattr(form_class, name, None), UnboundField)]


def form_class_fields(form_class: type, prefix: str = "") -> dict[str, FieldSpec]:
    out: dict[str, FieldSpec] = {}
    for name, unbound in _unbound(form_class):
        full = f"{prefix}{name}"
        if issubclass(unbound.field_class, FormField):
            out |= form_class_fields(unbound.args[0], f"{full}-")
        elif issubclass(unbound.field_class, FieldList):
            inner = unbound.args[0]
            for i in range(2):
                if issubclass(inner.field_class, FormField):
                    out |= form_class_fields(inner.args[0], f"{full}-{i}-")
                else:
                    out[f"{full}-{i}"] = FieldSpec(_kind(inner.field_class))
        else:
            out[full] = FieldSpec(_kind(unbound.field_class))
    out.pop(f"{prefix}csrf_token", None)
    return out


def view_form_fields(app: Flask, endpoint: str) -> dict[str, FieldSpec]:
    """The fields of every FlaskForm class the view's source names."""
    view = inspect.unwrap(app.view_functions[endpoint])
    names = vars(inspect.getmodule(view))
    out: dict[str, FieldSpec] = {}
    for match in _FORM_NAME.finditer(inspect.getsource(view)):
        cls = names.get(match.group(1))
        if cls is None:  # forms.SomethingForm
            for value in names.values():
                cls = getattr(value, match.group(1), None) if inspect.ismodule(value) else None
                if cls is not None:
                    break
        if inspect.isclass(cls) and issubclass(cls, FlaskForm):
            out |= form_class_fields(cls)
    return out


# --- fields from the pages ---------------------------------------------------------------

class _Forms(HTMLParser):
    """The post forms of a page: action path -> {field name: FieldSpec}."""

    def __init__(self, page_path: str):
        super().__init__()
        self.page_path = page_path
        self.forms: dict[str, dict[str, FieldSpec]] = {}
        self.current: dict[str, FieldSpec] | None = None
        self.select: FieldSpec | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if (a.get("method") or "get").lower() != "post":
                self.current = None
                return
            action = urlsplit(a.get("action") or self.page_path).path
            self.current = self.forms.setdefault(action, {})
        elif self.current is not None and tag in ("input", "select", "textarea", "button"):
            name = a.get("name")
            if not name or name == "csrf_token":
                return
            kind = {"file": "file", "number": "number", "date": "date",
                    "datetime-local": "datetime", "checkbox": "multi"}.get(
                        (a.get("type") or "").lower(), "text")
            if tag == "select":
                kind = "multi" if "multiple" in a else "text"
            spec = self.current.setdefault(name, FieldSpec())
            spec.merge(FieldSpec(kind))
            if a.get("value") is not None and tag != "textarea":
                spec.choices.add(a["value"])
            self.select = spec if tag == "select" else None
        elif tag == "option" and self.select is not None:
            self.select.choices.add(a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None


def page_forms(html: str, page_path: str) -> dict[str, dict[str, FieldSpec]]:
    parser = _Forms(page_path)
    parser.feed(html)
    return parser.forms


def merge_forms(into: dict[str, dict[str, FieldSpec]], forms: dict) -> None:
    for action, fields in forms.items():
        target = into.setdefault(action, {})
        for name, spec in fields.items():
            target.setdefault(name, FieldSpec()).merge(spec)


# --- the world ---------------------------------------------------------------------------

# Routes whose URL needs another thing of the world than the common one.
ROUTE_IDS = {"registration.squad": {"event_id": "team_event_id"}}


def route_ids(ids: dict, endpoint: str) -> dict:
    return ids | {arg: ids[key] for arg, key in ROUTE_IDS.get(endpoint, {}).items()}


def fuzz_world() -> dict:
    """The small world, its registration window open, plus one of each thing a write route
    names: a relay, a heat with lanes the referee scores, a protest on it, a venue's opening
    hours, an award, a meet record, a pending invitation. Returns the URL arguments naming
    them (``team_event_id``: the relay, for the routes of :data:`ROUTE_IDS`)."""
    w = factories.small_world()
    w.meet.registration_opens = utcnow() - dt.timedelta(days=10)
    w.meet.registration_closes = utcnow() + dt.timedelta(days=10)
    relay = factories.event(w.meet, w.cat, "M4X100", name="男子4×100米接力", is_team=True,
                            squad_min=4, squad_max=4, reserves=2, per_team_limit=1)
    people = sf.athletes(w, w.m100, 3)
    heat = sf.heats(w.m100, [people], stage="final", name="决赛").units[0]
    venue = Venue(meet_id=w.meet.id, code="TRACK", name="体育场", kind="track", lanes=8)
    db.session.add(venue)
    db.session.flush()
    hours = VenueSession(venue_id=venue.id, day=w.meet.start_date, session="morning",
                         opens=dt.time(8), closes=dt.time(12))
    protest = Protest(unit_id=heat.id, delegation_id=w.d1.id, text="第4道抢跑未判")
    award = Award(meet_id=w.meet.id, kind="sportsmanship_delegation", delegation_id=w.d1.id)
    record = MeetRecord(meet_id=w.meet.id, event_id=w.m100.id, mark="10.85", holder="林一",
                        delegation_name="城关镇工会联合会", year=2019)
    db.session.add_all([hours, protest, award, record])
    db.session.commit()
    token = invitations.issue(w.d2)
    return {
        "delegation_id": w.d1.id, "event_id": w.m100.id, "person_id": w.a1.id,
        "unit_id": heat.id, "protest_id": protest.id, "award_id": award.id,
        "record_id": record.id, "row_id": hours.id, "user_id": w.referee.id,
        "token": token, "code": "en", "venue_id": venue.id,
        "team_event_id": relay.id,
    }


# --- the database, whole -----------------------------------------------------------------

def snapshot() -> tuple[dict[str, object], int]:
    """A fingerprint of every table (equal when the rows are equal) and the number of
    audit entries. On PostgreSQL one query hashes each table's rows; on SQLite the rows
    themselves are the fingerprint (the database is in memory)."""
    tables = db.metadata.sorted_tables
    audit = db.session.scalar(db.text("SELECT count(*) FROM audit_entry"))
    if db.engine.dialect.name == "postgresql":
        parts = [f"(SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) "
                 f'FROM "{t.name}" x)' for t in tables]
        row = db.session.execute(db.text("SELECT " + ", ".join(parts))).one()
        out = dict(zip([t.name for t in tables], row, strict=True))
    else:
        out = {}
        for t in tables:
            keys = list(t.primary_key.columns) or list(t.columns)
            out[t.name] = [tuple(r) for r in db.session.execute(t.select().order_by(*keys))]
    db.session.rollback()
    return out, audit


def saved_rows() -> dict[str, list[dict]]:
    out = {}
    for table in db.metadata.sorted_tables:
        out[table.name] = [dict(r._mapping) for r in db.session.execute(table.select())]
    db.session.rollback()
    return out


def restore(rows: dict[str, list[dict]], changed: set[str] | None = None) -> None:
    """Put the database back to ``rows`` (from :func:`saved_rows`), ids included: the
    ``changed`` tables (default all) and every table whose rows refer to them."""
    tables = db.metadata.sorted_tables
    dirty = set(changed) if changed is not None else {t.name for t in tables}
    for table in tables:  # parents come first: a child of a dirty table is dirty
        if any(fk.column.table.name in dirty for fk in table.foreign_keys):
            dirty.add(table.name)
    tables = [t for t in tables if t.name in dirty]
    for table in reversed(tables):
        db.session.execute(table.delete())
    for table in tables:
        if rows[table.name]:
            db.session.execute(table.insert(), rows[table.name])
    db.session.commit()
