# Two commands are all a fresh clone needs:
#   make run    extract facts from corpus/ into outputs/
#   make test   run the test suite
# Both create .venv and install the project into it first (once).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install browser bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/pressfacts run corpus --out outputs

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Debian's Chromium for the review app's browser tests (needs root; CI does this).
browser:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) outputs/* .pytest_cache
