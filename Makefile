# Two commands do all set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEV    := $(VENV)/.installed-dev
# Debian packages: Pango for WeasyPrint's PDF output, fonts, poppler-utils to check PDFs;
# for the tests also Chromium (the workspace's browser tests drive it through Playwright) and
# PostgreSQL with PostGIS (the storage, ingest and API tests run on it as well as on SQLite).
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils
POSTGRES_APT_PACKAGES := postgresql postgresql-15-postgis-3
TEST_APT_PACKAGES := $(APT_PACKAGES) chromium $(POSTGRES_APT_PACKAGES)

.PHONY: demo test lint bench system system-test clean

define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
endef

system:
	$(call apt_install,$(APT_PACKAGES))

system-test:
	$(call apt_install,$(TEST_APT_PACKAGES))

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	$(BIN)/sitrep gazetteer build --if-missing
	touch $@

$(DEV): $(STAMP)
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

demo: system $(STAMP)
	$(BIN)/sitrep ingest data/demo
	$(BIN)/sitrep extract
	$(BIN)/sitrep bulletin --week 2017-11-02 -o out
	@echo "bulletin written to out/ (bulletin-2017-11-02.md with its PNG figures, .html, .pdf, .docx)"

# The suite runs beside a throwaway PostgreSQL cluster on a free loopback port, stopped and
# deleted afterwards whatever the outcome.
test: system-test $(DEV)
	$(BIN)/sitrep kb check
	scripts/with-postgres.sh $(BIN)/python -m pytest -q

# Figures, not tests: throughput against the spaCy peer, and accuracy on ../shared/eval.
bench: $(DEV)
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python benchmarks/parse_throughput.py
	$(BIN)/python benchmarks/gazetteer.py
	$(BIN)/python benchmarks/merging.py
	$(BIN)/python benchmarks/accuracy.py
	$(BIN)/python benchmarks/bulletin.py
	$(BIN)/python benchmarks/web_load.py
	$(BIN)/python benchmarks/fuzz_ingest.py --seconds 120

lint: $(DEV)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy

clean:
	rm -rf $(VENV) out sitrep.db sitrep.db-wal sitrep.db-shm .pytest_cache
