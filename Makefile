# Integrationsportalen — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-browser lint format messages collectstatic serve-prod bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

## The portal with demo data on SQLite at http://127.0.0.1:8000
run: install
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py seed_demo
	DEBUG=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

## The whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL), in
## TEST_JOBS processes (pytest-xdist; TEST_JOBS=0 runs it in one)
TEST_JOBS ?= 2
test: install
	$(BIN)/python -m pytest -n $(TEST_JOBS)

## Only the browser and accessibility tests
test-browser: install
	$(BIN)/python -m pytest -n $(TEST_JOBS) -m browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports --no-cache
	DEBUG=true $(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Refresh the English catalogue after changing texts (needs GNU gettext)
messages: install
	DEBUG=true $(BIN)/python manage.py makemessages -l en --no-location --ignore=.venv
	DEBUG=true $(BIN)/python manage.py compilemessages -l en --ignore=.venv

collectstatic: install
	DEBUG=true $(BIN)/python manage.py collectstatic --noinput

## Production-like: gunicorn with whitenoise (needs SECRET_KEY and friends, see README)
serve-prod: install
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/gunicorn -c gunicorn.conf.py integration_portal.wsgi

## Load/fault/soak benchmark on PostgreSQL (needs wrk; see bench/README.md). Not part of `make test`.
BENCH_ARGS ?=
bench: install
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
