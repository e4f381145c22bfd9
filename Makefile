# Strength Coach: `make run` to use it, `make test` to check it. `make help` lists all.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

.PHONY: install
install: $(STAMP) ## Create .venv and install the pinned requirements

.PHONY: run
run: $(STAMP) ## Migrate, seed the demo, and start web, worker and beat on http://127.0.0.1:$(PORT)
	@mkdir -p var
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	@echo ""
	@echo "  Strength Coach is starting on http://127.0.0.1:$(PORT)"
	@echo "  Log in as coach@example.com (trainer), client@example.com (client)"
	@echo "  or admin@example.com (admin, /admin/). Password: hinge-demo-2026"
	@echo "  Emails are printed below by the worker. Ctrl-C stops everything."
	@echo ""
	PORT=$(PORT) DJANGO_SITE_URL=$${DJANGO_SITE_URL:-http://127.0.0.1:$(PORT)} \
		$(BIN)/honcho -f Procfile.dev start

# `make test` runs these stages in turn, each timed; `make test-unit` runs one alone.
# A stage that fails does not stop the ones after it: the run ends with a table of
# the times and fails if any stage failed.
TEST_STAGES := lint unit dated services faults browser
# The dated pass runs the one-process tests again with the whole session at this
# instant (TEST_CLOCK, ticking): a minute before the clocks go forward in Europe.
DATED_CLOCK ?= 2027-03-28T00:59:00Z
# pytest-xdist processes for each stage: "auto" is one a core. Each process has its
# own test database, cache keys and Celery queue (trainer/settings/test.py).
TEST_JOBS ?= auto
# The tests that run in this one process: no browser, no worker of their own.
ONE_PROCESS := -m "not e2e and not services" --ignore=tests/faults
PYTEST := $(BIN)/pytest $(PYTEST_ARGS)
SETTINGS := DJANGO_SETTINGS_MODULE=trainer.settings.test

.PHONY: test
test: $(STAMP) ## Lint and every test, in timed stages (make test-<stage> runs one)
	@export STAGE_TIMES="$${STAGE_TIMES:-$$(mktemp)}"; failed=0; \
	for stage in $(TEST_STAGES); do \
		.ci/stage $$stage $(MAKE) --no-print-directory test-$$stage || failed=1; \
	done; \
	.ci/stage --table; exit $$failed

.PHONY: test-lint
test-lint: lint
	$(SETTINGS) $(MANAGE) check
	$(SETTINGS) $(MANAGE) makemigrations --check --dry-run

.PHONY: test-unit
test-unit: $(STAMP)
	$(PYTEST) --create-db -n $(TEST_JOBS) $(ONE_PROCESS)

.PHONY: test-dated
test-dated: $(STAMP)
	TEST_CLOCK=$(DATED_CLOCK) $(PYTEST) -n $(TEST_JOBS) $(ONE_PROCESS)

.PHONY: test-services
test-services: $(STAMP)
	$(PYTEST) -n $(TEST_JOBS) -m services --ignore=tests/faults

.PHONY: test-faults
test-faults: $(STAMP)
	$(PYTEST) -n $(TEST_JOBS) tests/faults

.PHONY: test-browser
test-browser: $(STAMP)
	$(PYTEST) -n $(TEST_JOBS) -m e2e

.PHONY: bench
bench: $(STAMP) ## Measure pages, the reminder sweep, exports and imports, start-up; writes bench-results.md
	$(BIN)/python -m tests.bench $(BENCH_ARGS)

MUTATION_JOBS ?= 2
FUZZ_LOG ?= var/fuzz.log

.PHONY: fuzz
fuzz: $(STAMP) ## Fuzz every form and API write with many examples, once; failures go to var/fuzz.log (not in CI)
	@mkdir -p var && rm -f $(FUZZ_LOG) $(FUZZ_LOG).counts
	FUZZ_PROFILE=fuzz-hard FUZZ_LOG=$(FUZZ_LOG) $(PYTEST) -n $(TEST_JOBS) tests/test_fuzz.py
	@$(BIN)/python -c 'import json,sys; c={}; [c.update({k: c.get(k, 0) + v}) for l in open(sys.argv[1]) for k, v in json.loads(l).items()]; print("requests:", sum(v for k, v in c.items() if k != "raised"), "by answer:", c)' $(FUZZ_LOG).counts
	@test ! -s $(FUZZ_LOG) || { echo "failures: see $(FUZZ_LOG)"; exit 1; }

.PHONY: mutation
mutation: $(STAMP) ## Mutation testing of the rules and services on SQLite (tens of minutes; not in CI)
	rm -rf mutants
	env -u DATABASE_URL -u REDIS_URL nice $(BIN)/mutmut run --max-children $(MUTATION_JOBS)
	$(BIN)/python -m tests.mutation.report
	env -u DATABASE_URL -u REDIS_URL nice $(BIN)/python -m tests.mutation.mutate_tables \
		--jobs $(MUTATION_JOBS)

.PHONY: screenshots
screenshots: $(STAMP) ## Run the browser journeys and save each page under docs/screenshots/
	rm -rf docs/screenshots
	SCREENSHOT_DIR=docs/screenshots $(BIN)/pytest tests/e2e --create-db -q

.PHONY: lint
lint: $(STAMP) ## ruff check, format check and the import contract
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

.PHONY: fmt
fmt: $(STAMP) ## Format and fix what ruff can
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

.PHONY: migrations
migrations: $(STAMP) ## Write migrations for model changes
	$(MANAGE) makemigrations

.PHONY: clean
clean: ## Remove the local database, broker files and collected static files
	rm -rf var
