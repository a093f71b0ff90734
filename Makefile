# Two commands a student needs:  make lab   (the course in JupyterLab)
#                                 make test  (execute everything, fast mode)
SYSTEM_PYTHON := $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: lab test check-mode unit coverage lint sync slug clean

# Create the virtual environment once, and again whenever the pins change.
$(STAMP): requirements.txt requirements-nodeps.txt pyproject.toml
	$(SYSTEM_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -r requirements-nodeps.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Extra options go through LAB_ARGS, e.g. make lab LAB_ARGS="--no-browser --port 8899".
lab: $(STAMP)
	$(PY) -m utils.modes
	$(VENV)/bin/jupyter lab notebooks/ $$([ "$$(id -u)" = 0 ] && echo --allow-root) $(LAB_ARGS)

# Every utils test and every notebook (nbval), two notebooks at a time, in fast mode
# unless COURSE_MODE says otherwise. An invalid COURSE_MODE stops before anything is built.
test: check-mode $(STAMP)
	$(PY) -m ruff check utils tests tools conftest.py
	$(PY) tools/nbtools.py sync --check
	COURSE_MODE=$${COURSE_MODE:-fast} $(PY) -m pytest -n 2 --dist loadfile

check-mode:
	@COURSE_MODE=$${COURSE_MODE:-fast} $(SYSTEM_PYTHON) -m utils.modes

unit: check-mode $(STAMP)
	COURSE_MODE=$${COURSE_MODE:-fast} $(PY) -m pytest tests

coverage: $(STAMP)
	COURSE_MODE=fast $(PY) -m pytest tests --cov=utils --cov-report=term-missing

lint: $(STAMP)
	$(PY) -m ruff check utils tests tools conftest.py

sync: $(STAMP)
	$(PY) tools/nbtools.py sync

# make slug REPO=owner/name: point every badge and Colab cell at another repository.
slug: $(STAMP)
	$(PY) tools/nbtools.py slug $(REPO)

clean:
	rm -rf $(VENV) .coverage htmlcov
