# Endavant: the two commands are `make run` and `make test`. Everything else is for contributors.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test lint format messages locks clean serve bench audit

# The platform with its embedded defaults: SQLite under var/, the real territory data loaded.
run: $(VENV)/.base-installed
	$(BIN)/endavant migrate --noinput -v0
	$(BIN)/endavant collectstatic --noinput -v0
	$(BIN)/endavant load_defaults
	@echo ""
	@echo "  Endavant is running at http://$(HOST):$(PORT)/   (Ctrl+C to stop)"
	@echo ""
	@# The background worker (e-mails, notices) runs beside the web server and stops with it.
	@$(BIN)/endavant db_worker --queue-name '*' --interval 2 --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/endavant runserver --noreload $(HOST):$(PORT)

# The whole test suite. pytest's exit code 5 (no test collected) is a failure here.
test: $(VENV)/.dev-installed
	@$(BIN)/python -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: no test ran; that is a failure." >&2; exit 1; fi; \
	exit $$status

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy endavant
	$(BIN)/endavant makemigrations --check --dry-run

# Known vulnerabilities in the production pins (skipped with a message when PyPI's advisory service
# cannot be reached; a vulnerability is a failure).
audit: $(VENV)/.dev-installed
	@VENV=$(VENV) bash .ci/run audit

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract the strings to translate and compile the catalogues (needs GNU gettext).
messages: export ENDAVANT_DATA_DIR = $(CURDIR)/var
messages: $(VENV)/.dev-installed
	@for app in endavant/*/locale; do \
	  (cd $$(dirname $$app) && ../../$(BIN)/endavant makemessages -l fr -l ca -l en --no-obsolete \
	    --ignore "tests/*" && ../../$(BIN)/endavant compilemessages) || exit 1; \
	done

# Every bench/bench_*.py, then bench/report.py writes bench/results.json and prints the table.
# Each script gets a fresh, empty PostgreSQL database as DATABASE_URL (made here on BENCH_PG and
# dropped after it); scripts that need more make and drop their own (ENDAVANT_BENCH_PG). A script
# that crashes does not stop the others: its measurements are reported missing, and make fails.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
bench: $(VENV)/.dev-installed
	@results=$$(mktemp --suffix=.jsonl); failed=""; \
	trap 'rm -f "'"$$results"'"' EXIT; \
	for script in bench/bench_*.py; do \
	  echo "== $$script"; scratch="endavant_bench_make_$$$$_$$(basename $$script .py)"; \
	  psql "$(BENCH_PG)/postgres" -qc "CREATE DATABASE \"$$scratch\"" || exit 1; \
	  ENDAVANT_BENCH_RESULTS="$$results" ENDAVANT_BENCH_PG="$(BENCH_PG)" \
	  DATABASE_URL="$(BENCH_PG)/$$scratch" $(BIN)/python $$script || failed="$$failed $$script"; \
	  psql "$(BENCH_PG)/postgres" -qc "DROP DATABASE IF EXISTS \"$$scratch\" WITH (FORCE)"; \
	done; \
	echo "== bench/report.py"; $(BIN)/python bench/report.py "$$results" --out bench/results.json; \
	if [ -n "$$failed" ]; then echo "make bench: failed:$$failed" >&2; exit 1; fi

# Re-pin the lock files from pyproject.toml (needs network access to PyPI).
locks: $(VENV)/.base-installed
	$(BIN)/pip install -q uv
	$(BIN)/uv pip compile -q pyproject.toml --python-version 3.11 -o requirements/base.txt
	$(BIN)/uv pip compile -q pyproject.toml --extra dev --python-version 3.11 -o requirements/dev.txt

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=24"
	@touch $@

$(VENV)/.base-installed: $(VENV)/.created requirements/base.txt pyproject.toml
	$(BIN)/pip install -q -r requirements/base.txt
	$(BIN)/pip install -q --no-deps -e .
	@touch $@

$(VENV)/.dev-installed: $(VENV)/.base-installed requirements/dev.txt
	$(BIN)/pip install -q -r requirements/dev.txt
	@touch $@

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build *.egg-info
