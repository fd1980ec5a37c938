# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test install clean

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "needs $(PYTHON) (set PYTHON=...)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet "pip>=24"
	$(PY) -m pip install --quiet -c constraints.txt -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f demo-out/newsweave.db demo-out/newsweave.db-wal demo-out/newsweave.db-shm
	mkdir -p demo-out
	$(VENV)/bin/newsweave ingest examples/demo --db demo-out/newsweave.db
	$(VENV)/bin/newsweave articles --db demo-out/newsweave.db
	@echo "demo output: store demo-out/newsweave.db (try: $(VENV)/bin/newsweave show ID --removed --db demo-out/newsweave.db)"

test: $(STAMP)
	$(PY) -m pytest

clean:
	rm -rf $(VENV) demo-out
