# The README's two commands: `make run` and `make test`. Both set up .venv/ first when needed; the set-up also
# builds the occupation classifier into var/models/ (a few minutes, once) so that `make run` is ready at once.
# CI (CI set in the environment) skips that build: the tests train their own small models.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: run test lint typecheck pytest bench bench-load setup clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	$(if $(CI),,$(BIN)/passerelle occupations train --if-missing)
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/passerelle serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/passerelle bench --size 100000 --out benchmarks/results/ci-100k.json --guard --no-classify

# The short load run of CI: a real server, 20 clients for 20 s; fails on any 5xx or dropped connection.
bench-load: $(STAMP)
	$(BIN)/passerelle bench load --clients 20 --seconds 20 --max-requests 20000 \
		--out benchmarks/results/ci-load.json --fail-on-errors

clean:
	rm -rf $(VENV) build *.egg-info
