# Two commands set everything up on a fresh machine with only Python 3.11:
#   make demo   — virtual environment, pinned dependencies, database, demo city, server
#   make test   — the whole test suite (DATABASE_URL=postgres://... to run it on PostgreSQL)
#   make lint   — ruff check and ruff format --check (make format fixes what it can)
#   make bench  — city-scale benchmark on PostgreSQL (BENCH_DATABASE_URL); make bench-quick for CI
#   make e2e    — the browser tests alone (Debian's Chromium at /usr/bin/chromium, Playwright)
#   make screenshots — docs/screenshots/ of the main pages at 390 px and 1366 px, with page load times

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
PYTEST_ARGS ?=
FAST ?=

.PHONY: demo test e2e e2e-deps screenshots fuzz lint format venv dev serve migrate check bench bench-quick clean

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "xiaoneng 需要 Python 3.11（当前 %s）" % sys.version.split()[0])'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m xiaoneng.web.fonts  # the PDFs' Chinese font, once (xiaoneng/web/fonts.py)
	touch $@

# Test and lint tools on top of the runtime (requirements-dev.txt).
$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

dev: $(VENV)/.installed-dev

migrate: venv
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py demo_city
	PORT=$(PORT) bin/demo-serve

# FAST=1 skips the slow end-to-end tests (the demo city, real messages, subprocesses, the
# browser); CI runs all.  The browser tests run after the rest, in one process (they share one
# demo server), where Chromium and Playwright are installed.
CHROMIUM := /usr/bin/chromium
test: dev
	$(PY) -m pytest $(if $(FAST),-m 'not slow and not e2e',-m 'not e2e') $(PYTEST_ARGS)
	@if [ -n "$(FAST)" ]; then echo "浏览器测试已跳过（FAST=1）"; \
	elif [ ! -x $(CHROMIUM) ]; then echo "浏览器测试已跳过：未找到 $(CHROMIUM)（apt-get install -y chromium 后运行 make e2e）"; \
	elif ! command -v npm >/dev/null && [ ! -d xiaoneng/e2e/node_modules ]; then echo "浏览器测试已跳过：未找到 npm（axe-core 由 npm 安装）"; \
	else $(MAKE) --no-print-directory e2e; fi

# axe-core for the accessibility checks, pinned in xiaoneng/e2e/package-lock.json.
xiaoneng/e2e/node_modules/.installed: xiaoneng/e2e/package.json xiaoneng/e2e/package-lock.json
	npm ci --prefix xiaoneng/e2e --no-audit --no-fund --silent
	touch $@

e2e-deps: dev xiaoneng/e2e/node_modules/.installed

e2e: e2e-deps
	$(PY) -m pytest -n 0 -m e2e xiaoneng/e2e $(PYTEST_ARGS)

screenshots: e2e-deps
	$(PY) -m xiaoneng.e2e.screenshots $(ARGS)

# The OpenAPI fuzzer alone, with more examples per operation than make test gives it.
fuzz: dev
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-60} $(PY) -m pytest -m fuzz $(PYTEST_ARGS)

lint: dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: venv
	$(PY) -m xiaoneng.bench.run $(ARGS)

bench-quick: venv
	$(PY) -m xiaoneng.bench.run --quick $(ARGS)

check: venv
	$(PY) manage.py check

clean:
	rm -rf $(VENV) var
