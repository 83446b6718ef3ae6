# Everyday commands. The two that matter are ./scripts/start and ./scripts/test (see README.md).
PY := .venv/bin/python
BIN := .venv/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: help start test lint format types imports check-deploy migrations pytest pytest-pg serve demo bench bench-admissions bench-cell-life bench-dues

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

start:  ## set up and run the demo (README command 1)
	./scripts/start

test:  ## set up and run every check and the whole suite (README command 2)
	./scripts/test

lint:  ## ruff lint and format check
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format:  ## format and fix what ruff can fix
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

types:  ## mypy (strict on core, services, selectors, workflow, restructuring)
	$(BIN)/mypy src bench

imports:  ## import-linter: layer order and forbidden imports
	$(BIN)/lint-imports

migrations:  ## fail if a model change has no migration
	$(PY) manage.py makemigrations --check --dry-run

pytest:  ## test suite on SQLite (the production smoke test needs PostgreSQL: see pytest-pg)
	$(BIN)/pytest -q -n 2 --dist loadfile -m "not production_smoke"

pytest-pg:  ## test suite on PostgreSQL
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -n 2 --dist loadfile

serve:  ## production start with the settings from the environment (docs/deployment.md)
	./scripts/serve

demo:  ## load the demo data into an empty database (MEMBERS=10000 SEED=2024)
	$(PY) manage.py migrate
	$(PY) manage.py seed_demo --members $(or $(MEMBERS),10000) --seed $(or $(SEED),2024)

bench:  ## member search benchmark at 1,000,000 members on PostgreSQL (see bench/README.md)
	$(PY) bench/search.py --members $(or $(MEMBERS),1000000) --database-url postgres://postgres@127.0.0.1:5432/dangbo_bench

bench-admissions:  ## admissions pages, deadlines, quotas and KPI refresh at 450,000 members (see bench/README.md)
	$(PY) bench/admissions.py --members $(or $(MEMBERS),450000) --database-url postgres://postgres@127.0.0.1:5432/dangbo_bench_admissions

bench-cell-life:  ## meetings, attendance, compliance and screening at 450,000 members, ~5,000 cells (SHAPE=demo: ~29,000)
	$(PY) bench/cell_life.py --members $(or $(MEMBERS),450000) --shape $(or $(SHAPE),issue) --database-url postgres://postgres@127.0.0.1:5432/dangbo_bench_cell_life$(if $(filter demo,$(SHAPE)),_demo,)

bench-dues:  ## dues: a month computed for the province, a cell's ledger, the bloc's statement at 450,000 members
	$(PY) bench/dues.py --members $(or $(MEMBERS),450000) --database-url postgres://postgres@127.0.0.1:5432/dangbo_bench_dues
