# Two commands do all the set-up on a fresh machine:
#   make report   re-run every notebook, regenerate figures/ and the HTML report in reports/
#   make test     unit tests, doctests and every notebook executed with a fresh kernel
# With no virtual or conda environment active, both create .venv from requirements.lock.
# Inside an active environment they use it (install it first: conda env create -f environment.yml).

SHELL := /bin/bash
KERNEL := indo-news-framing

ifeq ($(strip $(VIRTUAL_ENV)$(CONDA_PREFIX)),)
  VENV := .venv
  PYTHON := $(VENV)/bin/python
  ENV_STAMP := $(VENV)/.installed
else
  PYTHON := python
  ENV_STAMP := .env-checked
endif

.PHONY: env test report lab benchmark clean

env: $(ENV_STAMP)

.venv/.installed: pyproject.toml requirements.lock
	test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet -r requirements.lock
	$(VENV)/bin/python -m pip install --quiet --no-deps -e .
	$(VENV)/bin/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python ($(KERNEL))" > /dev/null
	touch $@

# An active environment is used as it is; we only check it can import the package and
# register the project's kernel inside it.
.env-checked:
	$(PYTHON) -c "import analysis" || $(PYTHON) -m pip install --no-deps -e .
	$(PYTHON) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python ($(KERNEL))" > /dev/null

test: $(ENV_STAMP)
	$(PYTHON) -m pytest -q -n 2 --nbmake tests analysis notebooks

# make report                 re-run every notebook on seeds/, regenerate figures/ and reports/
#                             (reports/ is self-contained: mail it, or reports/report.zip)
# make report CORPUS=path     the same on another corpus, into reports/<corpus name>/ only
# make report OUTPUT=dir      write the report (and its own figures/) into dir instead
report: $(ENV_STAMP)
	$(PYTHON) -m analysis report --zip $(if $(CORPUS),--corpus "$(CORPUS)") $(if $(OUTPUT),--output "$(OUTPUT)")

# make lab   JupyterLab on the project folder, opened at notebooks/, with the project's kernel
#            (registered by the env step); --allow-root only when run as root (containers).
lab: $(ENV_STAMP)
	$(PYTHON) -m jupyter kernelspec list | grep -qw $(KERNEL) || $(PYTHON) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python ($(KERNEL))" > /dev/null
	$(PYTHON) -m jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

# make benchmark   every benchmark at its default size; each exits non-zero when it misses a
#                  target it states, and so does make (after running all of them)
benchmark: $(ENV_STAMP)
	@status=0; for script in benchmarks/bench_*.py; do echo "== $$script"; \
	  $(PYTHON) $$script || { echo "MISSED a target (or failed): $$script"; status=1; }; \
	done; exit $$status

# make clean   removes reports/ and the corpus cache (cache/, or $$INDO_NEWS_FRAMING_CACHE's
#              entries when that names another folder; see analysis/cache.py)
clean:
	rm -rf reports cache .env-checked
	@if [ -n "$$INDO_NEWS_FRAMING_CACHE" ]; then rm -rf "$$INDO_NEWS_FRAMING_CACHE/corpus" "$$INDO_NEWS_FRAMING_CACHE/terms"; fi
