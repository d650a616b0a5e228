# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench screenshot bundle deb bundle-test clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,build]'
	touch $(STAMP)

## Open the console on the demo database (a sample directory and waiting contacts).
run: $(STAMP)
	$(BIN)/hotline-console --demo

## Run every test headless (offscreen Qt, real SQLite files in temporary folders).
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

## Print the speed figures, one JSON object a line (ONLY=word runs a subset).
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.run

## Render the main window offscreen to docs/screenshot.png (for the README).
screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tools.screenshot docs/screenshot.png

## Build the standalone workstation bundle (PyInstaller, onedir) into dist/.
bundle: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec

## Turn the bundle into dist/hotline-console_<version>_<arch>.deb (packaging/deb/).
deb: bundle
	$(BIN)/python packaging/deb/build_deb.py

## Run the frozen bundle's and the .deb's own checks with a clean environment (tests/frozen).
bundle-test: deb
	$(BIN)/python -m pytest -q tests/frozen

clean:
	rm -rf build dist .pytest_cache
