# Two commands set everything up on a fresh machine with only Python 3.11:
#   make demo   — virtual environment, pinned dependencies, database, demo city, server
#   make test   — the whole test suite (DATABASE_URL=postgres://... to run it on PostgreSQL)
#   make bench  — city-scale benchmark on PostgreSQL (BENCH_DATABASE_URL); make bench-quick for CI

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: demo test venv serve migrate check bench bench-quick clean

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "xiaoneng 需要 Python 3.11（当前 %s）" % sys.version.split()[0])'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

venv: $(VENV)/.installed

migrate: venv
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py demo_city
	PORT=$(PORT) bin/demo-serve

test: venv
	$(PY) -m pytest $(PYTEST_ARGS)

bench: venv
	$(PY) -m xiaoneng.bench.run $(ARGS)

bench-quick: venv
	$(PY) -m xiaoneng.bench.run --quick $(ARGS)

check: venv
	$(PY) manage.py check

clean:
	rm -rf $(VENV) var
