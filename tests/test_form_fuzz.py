"""Every write route fuzzed with hypothesis-generated input: never a server error, never a
partial write.

For each POST route of the app, as each role its access allows (meet/access.py), with the
URL naming real things of a small world (tests/fuzz_support.py), hypothesis posts the
route's own fields (from its WTForms class and from the pages whose forms post to it)
with text of every kind (CJK, emoji, control characters, NUL, very long), numbers as text,
huge numbers, dates in odd formats, several values for one field, the page's own
choices, missing fields and extra fields; as a form, a multipart form with random bytes
in its file fields, or a JSON body. Then:

* the status is below 500;
* a refusal (4xx) leaves every table as it was;
* a change to the database comes with a new audit entry (every write is audited), and
  the world is put back before the next example.

Every write route of the app is fuzzed, found in ``app.url_map`` as the route sweep finds
them: a new one is covered the moment it exists. ``test_every_write_route_is_fuzzed``
fails when one names a URL argument the world cannot fill, and each route's test fails
when no example got past its access check (a fuzz that only ever met 403/404).
``MEET_FUZZ_EXAMPLES`` raises the examples per route (e.g. 500 for a long run). The
examples are derandomized so that ``make test`` (and CI) is repeatable: a run that
passes on a tree passes again. ``MEET_FUZZ_RANDOM=1`` draws fresh examples on every run,
for exploring; what it finds becomes a regression test of its own.
"""

from __future__ import annotations

import json
import logging
import os
from collections import Counter
from io import BytesIO

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from meet import create_app
from meet.access import AUTHENTICATED, PUBLIC
from meet.extensions import db
from meet.models import User
from tests import fuzz_support as fs
from tests.conftest import ON_POSTGRES, FreshClient, _fresh_schema, make_config
from tests.routes import ACCOUNTS, WRITE_METHODS, routes, url_arguments

settings.register_profile(
    "form-fuzz",
    max_examples=int(os.environ.get("MEET_FUZZ_EXAMPLES", "20")),
    deadline=None,
    database=None,
    derandomize=not os.environ.get("MEET_FUZZ_RANDOM"),
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example],
)
FUZZ = settings(settings.get_profile("form-fuzz"))

# Tables a route may change when it refuses, by design.
REFUSAL_WRITES: dict[str, frozenset[str]] = {
    "auth.login": frozenset({"login_attempt"}),  # failed attempts are counted (throttling)
}
ANONYMOUS = "anonymous"


class _Errors(logging.Handler):
    """Keeps the tracebacks the app logs, to show with a failing example."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record):
        self.records.append(self.format(record))


class Fuzz:
    """The app, its world, the fields of each write route, and the saved world."""

    def __init__(self, tmp_path):
        if ON_POSTGRES:
            _fresh_schema("test_fuzz")
        self.app = create_app(make_config(schema="test_fuzz",
                                          BADGE_OUTPUT_DIR=str(tmp_path / "badges")))
        self.app.instance_path = str(tmp_path)
        self.app.test_client_class = FreshClient
        self.errors = _Errors()
        self.app.logger.addHandler(self.errors)
        with self.app.app_context():
            db.create_all()
            self.ids = fs.fuzz_world()
            self.sessions = {u.role: f"{u.id}:{u.session_version}" for u in db.session.scalars(
                db.select(User).where(User.username.in_(ACCOUNTS.values())))}
        self.writes = {_key(r): self._url(r) for r in routes(self.app, self.ids, WRITE_METHODS)}
        self.fields = {key: fs.view_form_fields(self.app, r.rule.endpoint)
                       for key, r in self.writes.items()}
        self._crawl()  # before saving: what pages create on first use is part of the world
        with self.app.app_context():
            self.saved = fs.saved_rows()
        self.state = self.saved_state = self.snapshot()

    def _url(self, route):
        ids = fs.route_ids(self.ids, route.rule.endpoint)
        return route._replace(url=route.rule.build(url_arguments(route.rule, ids),
                                                   append_unknown=False)[1])

    def client(self, role: str):
        client = self.app.test_client()
        if role not in (ANONYMOUS, PUBLIC):
            account = ACCOUNTS[role] if role != AUTHENTICATED else ACCOUNTS["organiser"]
            role_name = next(r for r, name in ACCOUNTS.items() if name == account)
            with client.session_transaction() as session:
                session["_user_id"] = self.sessions[role_name]
                session["_fresh"] = True
        return client

    def _crawl(self) -> None:
        """Read the forms of every page the world has, as every role that may see it."""
        found: dict = {}
        for route in map(self._url, routes(self.app, self.ids, {"GET"})):
            if route.rule.arguments - set(self.ids):
                continue
            who = [ANONYMOUS] if route.access == (PUBLIC,) else (
                list(ACCOUNTS) if route.access == (AUTHENTICATED,) else list(route.access))
            for role in who:
                r = self.client(role).get(route.url)
                if r.status_code == 200 and r.mimetype == "text/html":
                    fs.merge_forms(found, fs.page_forms(r.get_data(as_text=True), route.url))
        for key, route in self.writes.items():
            for name, spec in found.get(route.url, {}).items():
                self.fields[key].setdefault(name, fs.FieldSpec()).merge(spec)

    def snapshot(self):
        with self.app.app_context():
            return fs.snapshot()

    def restore(self, changed: list[str]) -> None:
        """Put the saved world back; ``state`` is the snapshot of the database as it is."""
        with self.app.app_context():
            fs.restore(self.saved, set(changed))
        self.state = self.saved_state


def _key(route) -> str:
    return f"{route.method} {route.rule.endpoint}"


def pytest_generate_tests(metafunc):
    """One test per write route of the app, found as the fixture will find it."""
    if "write_route" in metafunc.fixturenames:
        app = create_app(make_config(schema="test_fuzz"))
        keys = sorted({_key(r) for r in routes(app, {}, WRITE_METHODS)})
        metafunc.parametrize("write_route", keys)


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory):
    f = Fuzz(tmp_path_factory.mktemp("fuzz"))
    yield f
    with f.app.app_context():
        db.session.remove()
        db.engine.dispose()


# --- what hypothesis posts ---------------------------------------------------------------

ODD = [
    "", " ", "\x00", "a\x00b", "\t\r\n", "\x1b[31m", "\u200b", "\ufeff", "0", "-1", "-0", "1.5",
    "1e308", "-1e309", "NaN", "inf", "9" * 30, "-" + "9" * 25, "0x1F", "１２３", "一百",
    "2027-05-01", "2027-13-45", "2027/05/01", "01/05/2027", "20270501", "2027-02-30",
    "0000-00-00", "9999-12-31T23:59:59", "2027-05-01T08:00", "2027-05-01 08:00:00+99:00",
    "25:61", "08:00", "null", "None", "true", "[]", "{}", "'; DROP TABLE meet; --",
    "<script>alert(1)</script>", "../../etc/passwd", "%s%n", "𠜎𠜱𠝹", "😀👨‍👩‍👧", "ǅ",
    "x" * 300, "长" * 3000, "y" * 20000,
]
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
cjk = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=20)
numbers = st.one_of(st.integers(-(2**70), 2**70).map(str),
                    st.floats(allow_nan=True, allow_infinity=True).map(repr))
dates = st.dates().flatmap(lambda d: st.sampled_from([
    d.isoformat(), d.strftime("%Y/%m/%d"), d.strftime("%d.%m.%Y"), d.strftime("%Y年%m月%d日"),
    f"{d.isoformat()}T25:00", f"{d.year}-{d.month}-{d.day}"]))
ANY = st.one_of(st.sampled_from(ODD), text, cjk, numbers, dates)


def _value(spec: fs.FieldSpec):
    typed = {"int": numbers, "number": numbers, "date": dates, "datetime": dates,
             "bool": st.sampled_from(["y", "1", "on", "0", "", "false"])}.get(spec.kind, ANY)
    pools = [ANY, typed]
    if spec.choices:
        chosen = st.sampled_from(sorted(spec.choices))
        pools += [chosen, chosen]
    return st.one_of(pools)


@st.composite
def submission(draw, fields: dict[str, fs.FieldSpec]):
    """A (role-free) submission: how it is encoded, its form values, its files."""
    values: dict[str, list[str]] = {}
    files: dict[str, tuple] = {}
    for name, spec in sorted(fields.items()):
        if draw(st.integers(0, 7)) == 0:
            continue  # a missing field
        if spec.kind == "file":
            files[name] = (draw(st.binary(max_size=3000)),
                           draw(st.sampled_from(["a.xlsx", "a.jpg", "a.png", "", "../x.xlsx",
                                                 "名单.xlsx", "a" * 300 + ".jpg"])))
            continue
        many = 4 if spec.kind == "multi" else 2
        values[name] = draw(st.lists(_value(spec), min_size=1,
                                     max_size=many if draw(st.booleans()) else 1))
    for name, value in draw(st.dictionaries(text.filter(bool), ANY, max_size=3)).items():
        values.setdefault(name, [value])
    poison = draw(st.sampled_from(["", "", "", "\x00", "\u202e", "\ud7ff\U0010ffff"]))
    if poison:  # the page's own values, each with a character no one types
        values = {k: [v + poison for v in vs] for k, vs in values.items()}
    encoding = draw(st.sampled_from(["form", "form", "multipart", "json"]))
    accept = draw(st.sampled_from(["text/html", "text/html", "application/json"]))
    return encoding, values, files, accept


def _post(client, method: str, url: str, encoding: str, values, files, accept):
    headers = {"Accept": accept}
    if encoding == "json":
        body = {k: (v[0] if len(v) == 1 else v) for k, v in values.items()}
        return client.open(url, method=method, data=json.dumps(body),
                           content_type="application/json", headers=headers)
    form = MultiDict([(k, v) for k, vs in values.items() for v in vs])
    if encoding == "multipart" or files:
        for name, (content, filename) in files.items():
            form.add(name, (BytesIO(content), filename))
        return client.open(url, method=method, data=form, content_type="multipart/form-data",
                           headers=headers)
    return client.open(url, method=method, data=form, headers=headers)


def _roles(access: tuple[str, ...]) -> list[str]:
    if access == (PUBLIC,):
        return [ANONYMOUS, *ACCOUNTS]
    if access == (AUTHENTICATED,):
        return list(ACCOUNTS)
    return list(access)


def _changed(before: dict, after: dict, allowed: frozenset[str]) -> list[str]:
    return [t for t in before if t not in allowed and before[t] != after[t]]


def _reached(status: int, location: str) -> bool:
    """Past the access check: not a refusal of the user or a missing thing."""
    return status not in (401, 403, 404) and "/login" not in location


# --- the tests ---------------------------------------------------------------------------

def test_every_write_route_is_fuzzed(fuzz):
    assert len(fuzz.writes) >= 50
    assert set(REFUSAL_WRITES) <= {r.rule.endpoint for r in fuzz.writes.values()}
    unfilled = {e: sorted(r.rule.arguments - set(fuzz.ids)) for e, r in fuzz.writes.items()
                if r.rule.arguments - set(fuzz.ids)}
    assert unfilled == {}, "give the world a thing for each URL argument (fuzz_world)"


def test_the_fuzzer_knows_the_fields_of_the_forms(fuzz):
    """The introspection works: forms the app certainly has are found with their fields."""
    assert {"username", "password"} <= set(fuzz.fields["POST auth.login"])
    assert {"name", "gender", "id_number"} <= set(fuzz.fields["POST registration.new_person"])
    assert fuzz.fields["POST badges.photo_upload"]["photo"].kind == "file"
    assert any(n.startswith("s") and n.endswith("-mark") for n in fuzz.fields["POST scoring.sheet"])


def test_fuzzed_input_never_breaks_a_write_route(fuzz, write_route):
    route = fuzz.writes[write_route]
    fields = fuzz.fields[write_route]
    allowed = REFUSAL_WRITES.get(route.rule.endpoint, frozenset())
    statuses: Counter = Counter()

    @FUZZ
    @given(role=st.sampled_from(_roles(route.access)), sent=submission(fields))
    def post(role, sent):
        before, audits = fuzz.state
        fuzz.errors.records.clear()
        note(f"as {role}: {sent!r}"[:3000])
        r = _post(fuzz.client(role), route.method, route.url, *sent)
        fuzz.state = after, audits_after = fuzz.snapshot()
        changed = _changed(before, after, allowed)
        if after != before:
            fuzz.restore(_changed(before, after, frozenset()))
        statuses[_reached(r.status_code, r.headers.get("Location", ""))] += 1
        where = f"{route.method} {route.url} as {role} -> {r.status_code}"
        assert r.status_code < 500, where + "\n" + "\n".join(fuzz.errors.records)
        if changed:
            assert r.status_code < 400, f"{where}: refused, but wrote {changed}"
            assert audits_after > audits, f"{where}: wrote {changed} without an audit entry"

    post()
    assert statuses[True] > 0, f"no example got past the access check: {statuses}"
