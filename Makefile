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
	rm -rf demo-out
	$(VENV)/bin/newsweave run examples/demo --out demo-out
	$(VENV)/bin/newsweave stories --db demo-out/newsweave.db
	@echo "demo output: demo-out/stories.json, demo-out/entities.json, demo-out/articles/*.json and the store demo-out/newsweave.db"
	@test ! -f demo-out/index.html || echo "story briefs: open demo-out/index.html (pages and Markdown in demo-out/stories/)"
	@echo "  web app: $(VENV)/bin/newsweave serve --db demo-out/newsweave.db   (then open http://127.0.0.1:8000/)"
	@echo "  try: $(VENV)/bin/newsweave articles --db demo-out/newsweave.db"
	@echo "       $(VENV)/bin/newsweave brief s000001 --format md --db demo-out/newsweave.db"
	@echo "       $(VENV)/bin/newsweave show txt/capitalsun_2026-04-08_port-strike.txt --removed --db demo-out/newsweave.db"

test: $(STAMP)
	$(PY) -m pytest

clean:
	rm -rf $(VENV) demo-out
