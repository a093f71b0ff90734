# Two commands a student needs:  make lab   (the course in JupyterLab)
#                                 make test  (execute everything, fast mode)
# A supported Python (README "Supported versions": 3.11, 3.12, 3.13), tried in this order:
# 3.11 is the version CI's pinned run uses. A candidate counts only if it really runs (a pyenv
# shim named python3.12 may exist and refuse). PYTHON=/path/to/python overrides the search.
SUPPORTED := 3.11 3.12 3.13
SYSTEM_PYTHON := $(shell for p in $(or $(PYTHON),python3.11 python3.12 python3.13 python3); do \
  $$p -c 'import sys; (3, 11) <= sys.version_info[:2] <= (3, 13) and print(sys.executable)' 2>/dev/null \
  | grep . && break; done)
NO_PYTHON := error: the course needs Python 3.11, 3.12 or 3.13 and found none \
  ($(or $(PYTHON),python3) is $$($(or $(PYTHON),python3) --version 2>&1 || echo missing)). Install one \
  (Debian/Ubuntu: sudo apt install python3.12-venv, or python.org, or pyenv) and run make again, \
  or name it: make PYTHON=/path/to/python3.12 lab  /  Python 3.11-3.13 중 하나를 설치하세요.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: lab test test-compat test-colab check-mode unit coverage lint sync slug clean

# Create the virtual environment once, and again whenever the pins change.
$(STAMP): requirements.txt requirements-nodeps.txt pyproject.toml
	@[ -n "$(SYSTEM_PYTHON)" ] || { echo "$(NO_PYTHON)" >&2; exit 1; }
	$(SYSTEM_PYTHON) -m venv $(VENV) || { echo "error: '$(SYSTEM_PYTHON) -m venv' failed; on Debian/Ubuntu: sudo apt install python3-venv" >&2; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -r requirements-nodeps.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Extra options go through LAB_ARGS, e.g. make lab LAB_ARGS="--no-browser --port 8899".
# binder/labconfig/page_config.json turns off the "get Jupyter news?" pop-up (Binder: postBuild).
LAB_CONFIG := JUPYTER_CONFIG_PATH=$(CURDIR)/binder$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}
lab: $(STAMP)
	$(PY) -m utils.modes
	$(LAB_CONFIG) $(VENV)/bin/jupyter lab notebooks/ $$([ "$$(id -u)" = 0 ] && echo --allow-root) $(LAB_ARGS)

# Every utils test and every notebook (nbval), two notebooks at a time, in fast mode
# unless COURSE_MODE says otherwise. An invalid COURSE_MODE stops before anything is built.
test: check-mode $(STAMP)
	$(PY) -m ruff check utils tests tools conftest.py
	$(PY) tools/nbtools.py sync --check
	COURSE_MODE=$${COURSE_MODE:-fast} $(PY) -m pytest -n 2 --dist loadfile

check-mode:
	@COURSE_MODE=$${COURSE_MODE:-fast} $(or $(SYSTEM_PYTHON),python3) -m utils.modes

# The rest of the support range, each in its own environment outside .venv (tools/compat.sh;
# built once under ~/.cache/tf-keras-course-ko/compat, a few minutes each), whole suite, fast mode:
#   make test-compat PY=3.13    the pinned requirements.txt on Python 3.13 (or 3.11, 3.12)
#   make test-compat            every point: 3.11, 3.12, 3.13 and Colab's stack
#   make test-colab             Colab's own TensorFlow/Keras (tools/stacks/colab.txt)
# COMPAT_TESTS="tests notebooks/13_saving_and_loading_models.ipynb" runs a part only.
test-compat: check-mode
	@failed=; for point in $(or $(filter 3.1% colab,$(PY)),$(SUPPORTED) colab); do \
	  tools/compat.sh $$point || failed="$$failed $$point"; done; \
	[ -z "$$failed" ] || { echo "test-compat failed on:$$failed" >&2; exit 1; }

test-colab: check-mode
	tools/compat.sh colab

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

# ---- issue #23: the course website --------------------------------------------------------------
# make site            build/site/ from the notebooks and the executed copies in site/outputs/
#                      (nothing is executed; its own environment .venv-site, from requirements-site.txt)
# make site-outputs    execute notebooks into site/outputs/fast/ with their manifests (the course .venv);
#                      NOTEBOOKS="notebooks/10_lenet5_mnist.ipynb …" picks some, SITE_MODE=full for full mode
# make site-test       build it and check it in headless Chromium (site/test_site.py)
# A full-mode run made on Colab: python tools/siteoutputs.py import 10_lenet5_mnist.ipynb --device "Colab T4"
SITE_VENV := .venv-site
SITE_PY := $(SITE_VENV)/bin/python
SITE_STAMP := $(SITE_VENV)/.installed
SITE_MODE ?= fast
.PHONY: site site-outputs site-test site-status

$(SITE_STAMP): requirements-site.txt
	@[ -n "$(SYSTEM_PYTHON)" ] || { echo "$(NO_PYTHON)" >&2; exit 1; }
	$(SYSTEM_PYTHON) -m venv $(SITE_VENV)
	$(SITE_PY) -m pip install --quiet --upgrade pip
	$(SITE_PY) -m pip install --quiet -r requirements-site.txt
	touch $(SITE_STAMP)

site: $(SITE_STAMP)
	$(SITE_PY) tools/siteoutputs.py stage build/site-src
	$(SITE_PY) -m sphinx -W --keep-going -q -b html build/site-src build/site
	@echo "site: build/site/index.html"

site-outputs: $(STAMP)
	$(PY) tools/siteoutputs.py record --mode $(SITE_MODE) $(or $(NOTEBOOKS),notebooks/[0-9][0-9]_*.ipynb)

site-status: $(SITE_STAMP)
	$(SITE_PY) tools/siteoutputs.py status

site-test: $(SITE_STAMP)
	$(SITE_PY) -m pytest -c site/pytest.ini site/test_site.py
# ---- end of issue #23 block ---------------------------------------------------------------------
