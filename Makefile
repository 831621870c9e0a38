# meet: two commands do all the set-up.
#   make run    venv, install, database with migrations, demo meet, serve on 127.0.0.1:$(PORT)
#   make test   install the test tools, lint, run the whole suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN     = $(VENV)/bin
PORT   ?= 5000
export FLASK_APP = meet:create_app

.PHONY: run test install install-dev translations db demo reset serve lint i18n-extract bench \
        bench-meet-day bench-faults

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Compiled catalogues are built, never committed.
translations: install
	$(BIN)/pybabel compile -d meet/translations

db: install
	$(BIN)/flask db upgrade

demo: db
	$(BIN)/flask meet demo

run: translations demo
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

reset:
	rm -f instance/meet.db instance/meet.db-wal instance/meet.db-shm
	@echo "Removed instance/meet.db: 'make run' builds a fresh demo meet."

lint: install-dev
	$(BIN)/ruff check .

test: install-dev translations lint
	$(BIN)/python -m pytest

# Re-extract messages after changing texts, then fill in meet/translations/en/.../messages.po
i18n-extract: install
	$(BIN)/pybabel extract -F babel.cfg -k _l --ignore-dirs='.venv instance .git' -o meet/translations/messages.pot . >/dev/null
	$(BIN)/pybabel update -i meet/translations/messages.pot -d meet/translations -l en --no-fuzzy-matching

# A meet day under load on PostgreSQL (bench/meet_day.py): 10 minutes by default,
# `make bench-meet-day DURATION=60` for one. Drops and recreates $(BENCH_DATABASE_URL).
DURATION ?= 600
BENCH_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/meet_bench
bench-meet-day: translations
	$(BIN)/python bench/meet_day.py --duration $(DURATION) --database-url $(BENCH_DATABASE_URL)

# Faults under load (bench/faults.py): SIGKILLs gunicorn workers mid-submission and
# RESTARTS this machine's PostgreSQL (root); checks nothing is lost or doubled.
# Drops and recreates $(FAULTS_DATABASE_URL). FAULTS_ARGS=--no-restart keeps PostgreSQL up.
FAULTS_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/meet_faults
bench-faults: translations
	$(BIN)/python bench/faults.py --database-url $(FAULTS_DATABASE_URL) $(FAULTS_ARGS)
