# reportgen: `make report` builds every report in inputs/ into output/; `make test` runs the checks.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.installed
.PHONY: report test lint bench system-deps clean

# One reportgen run builds every report in inputs/ whose inputs (or reportgen) changed since its
# last build, checks what it built, and ends with one line per report; a second builds the
# agenda pack of every agenda folder. reportgen decides what is out of date from the build
# record it keeps beside each report's files, so no file name an officer chose ever becomes
# make syntax, and renaming or moving files never wedges make. Both always run.
report: $(READY) system-deps
	@status=0; \
	$(BIN)/reportgen build --changed --check inputs -o output || status=$$?; \
	$(BIN)/reportgen pack --changed --check inputs -o output || status=$$?; \
	exit $$status

# Set-up says what it is doing, one line per package, and keeps pip's own noise in a log.
$(READY): pyproject.toml constraints.txt
	@echo "setting up $(VENV): reportgen's Python packages (about a minute the first time)"
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install -q --upgrade pip > $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	@$(BIN)/pip install --progress-bar off -c constraints.txt -e '.[test]' 2>> $(VENV)/install.log \
	  | tee -a $(VENV)/install.log | { grep --line-buffered '^Collecting ' || true; } \
	  | sed -u 's/^Collecting \([^ ;<>=!]*\).*/  fetched \1/' \
	  || (cat $(VENV)/install.log; exit 1)
	@echo "Python packages installed (details in $(VENV)/install.log)"
	@touch $@

system-deps:
	@scripts/system-deps.sh report

test: $(READY)
	@scripts/system-deps.sh test
	$(BIN)/ruff check reportgen tests
	$(BIN)/mypy reportgen
	$(BIN)/pytest -q

# Not part of `make test`: about a quarter of an hour on an idle 2-core machine; writes
# benchmarks/results.json and results.md.
bench: $(READY)
	@scripts/system-deps.sh bench
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf output/*.docx output/*.pdf .pytest_cache .mypy_cache
