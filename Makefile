# reportgen: `make report` builds every report in inputs/ into output/; `make test` runs the checks.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.installed
NPROC  := $(shell nproc 2>/dev/null || echo 2)
.PHONY: report test lint bench system-deps clean

# One reportgen run builds every report in inputs/ whose inputs (or reportgen) changed since its
# last build, checks what it built, and ends with one line per report. reportgen decides what
# is out of date from the build record it keeps beside each report's files, so no file name an
# officer chose ever becomes make syntax, and renaming or moving files never wedges make.
report: $(READY) system-deps
	@$(BIN)/reportgen build --changed --check inputs -o output

$(READY): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $@

system-deps:
	@scripts/system-deps.sh report

test: $(READY)
	@scripts/system-deps.sh test
	$(BIN)/ruff check reportgen tests
	$(BIN)/mypy reportgen
	$(BIN)/pytest -q

# Not part of `make test`: about ten minutes; writes benchmarks/results.json and results.md.
bench: $(READY)
	@scripts/system-deps.sh bench
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf output/*.docx output/*.pdf .pytest_cache .mypy_cache
