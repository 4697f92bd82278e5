# reportgen: `make report` builds every report in inputs/ into output/; `make test` runs the checks.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.installed
NPROC  := $(shell nproc 2>/dev/null || echo 2)
REPORTS := $(patsubst inputs/%/report.xlsx,%,$(wildcard inputs/*/report.xlsx))
SOURCES := $(shell find reportgen -name '*.py') $(wildcard templates/*)

.PHONY: report reports test lint bench system-deps clean
.SECONDEXPANSION:

report: $(READY) system-deps
	@$(MAKE) --no-print-directory -j$(NPROC) reports

# The DOCX and PDF are named here so that make never takes them for intermediate files of the
# check stamp (and deletes them after a fresh build).
reports: $(REPORTS:%=output/.%.checked) $(REPORTS:%=output/%.docx) $(REPORTS:%=output/%.pdf)

# Each freshly built report is checked for accessibility problems; a clean check is remembered.
output/.%.checked: output/%.pdf
	$(BIN)/reportgen check output/$*.docx output/$*.pdf
	@touch $@

# One run writes both files; a report rebuilds only when its inputs, templates or code change.
output/%.docx output/%.pdf &: $$(wildcard inputs/$$*/*) $(SOURCES) $(READY)
	$(BIN)/reportgen build --depfile inputs/$* -o output

# Written by `reportgen build --depfile`: every workbook and picture a report reads.
-include $(wildcard output/.*.d)

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
