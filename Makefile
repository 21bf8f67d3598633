# Two commands on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/lmp.duckdb
SCALE ?= kp
SEED ?= 7
PORT ?= 8501
export LMP_DB ?= $(DB)

.PHONY: run serve test lint chromium haproxy poppler demo bench load screenshots clean

run: $(BIN)/.installed $(DB)  ## set up and open the dashboard on the kp demo
	$(BIN)/python -m lmp_metrics.core.marts --db $(DB)
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.address 127.0.0.1 \
		--browser.gatherUsageStats false

test: $(BIN)/.dev-installed chromium haproxy poppler  ## lint and run every test, browser tests included
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

WORKERS ?= 2
serve: $(BIN)/.installed $(DB) haproxy  ## WORKERS Streamlit processes behind HAProxy on one address (default 2), restarted if they die
	$(BIN)/python -m lmp_metrics.core.marts --db $(DB)
	$(BIN)/python -m deploy.serve --workers $(WORKERS) --port $(PORT) --db $(DB)

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.dev-installed: $(BIN)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

haproxy:  ## Debian's HAProxy: the reverse proxy of make serve and of the containers
	@command -v haproxy >/dev/null || { apt-get update -qq && apt-get install -y -qq haproxy; }

chromium:  ## Debian's chromium for browser tests and PNG export (Playwright's download is unreachable)
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

poppler:  ## pdftotext/pdftoppm: the briefing tests read the PDFs back, screenshots of PDF pages
	@command -v pdftotext >/dev/null || { apt-get update -qq && apt-get install -y -qq poppler-utils; }

$(DB): | $(BIN)/.installed
	$(BIN)/python -m lmp_metrics demo --db $(DB) --scale $(SCALE) --seed $(SEED)

demo: $(BIN)/.installed  ## rebuild the demo database (SCALE=small|kp|10x)
	$(BIN)/python -m lmp_metrics demo --db $(DB) --scale $(SCALE) --seed $(SEED)

screenshots: $(BIN)/.dev-installed chromium  ## 1280x800 PNG of every page into docs/screenshots/ (small demo, or $$LMP_DB if set)
	$(BIN)/python -m scripts.screenshots $(if $(filter environment command line,$(origin LMP_DB)),--db $(LMP_DB))

lint: $(BIN)/.dev-installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

bench: $(BIN)/.dev-installed chromium  ## benchmark at kp and 10x; writes bench/results.md and .json
	$(BIN)/python -m bench.run --scales kp 10x --runs 20

load: $(BIN)/.dev-installed $(DB) haproxy  ## load benchmark (~25 min): simulated users on local servers; writes bench/load_results.md
	$(BIN)/python -m bench.load --db $(DB)
