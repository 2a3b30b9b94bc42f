# Quick start:  make demo   (install + run the pipeline on examples/ into the default database, rasd.db)
#               make test   (install + the whole test suite, PostgreSQL included when installed)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TRANSFORMER_STAMP := $(VENV)/.installed-transformer

.PHONY: install demo test lint bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev,build]"
	touch $(STAMP)

# The transformer recogniser's extra (CPU torch, ~1 GB) is only needed by its tests, not by the demo.
$(TRANSFORMER_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev,transformer]"
	touch $(TRANSFORMER_STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/rasd ingest examples/

test: $(STAMP) $(TRANSFORMER_STAMP)
	@# A throw-away PostgreSQL cluster when the server is installed; the PostgreSQL tests skip otherwise.
	@# A cluster this run started is stopped when it ends (pass or fail); one already running is left.
	@set -e; \
	if PG_ENV=$$(scripts/start-postgres.sh 2>/dev/null); then eval "$$PG_ENV"; \
	  if [ "$${RASD_PG_STARTED:-}" = 1 ]; then trap 'scripts/start-postgres.sh --stop >/dev/null 2>&1' EXIT; fi; \
	else echo "note: PostgreSQL server not available; its tests will be skipped"; fi; \
	$(MAKE) --no-print-directory lint; \
	$(BIN)/python -m pytest

# Style, formatting and types: run by `make test` and so by CI.
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/rasd bench

clean:
	rm -rf $(VENV) var build *.egg-info
