# 止扰 Zhirao. Two commands: `make run` and `make test`. Everything else here is what they need.
SHELL := /bin/bash
PYTHON_SYSTEM ?= /usr/bin/python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMPS := var/.stamps

# Debian packages: Pango for WeasyPrint, harfbuzz-subset (Chinese PDFs in 0.4 s, not 8 s), CJK fonts,
# poppler (pdftotext/pdffonts for tests), gettext (compilemessages), venv for the virtualenv, and libgl1 with
# libglib2.0-0 for OpenCV under the screenshot reader (rapidocr-onnxruntime; read only when ZHIRAO_OCR is on, but
# requirements.txt installs it for `make run` too so that switching it on needs no other install).
RUN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk poppler-utils gettext python3-venv libgl1 libglib2.0-0
# Tests also drive Debian's Chromium and run the Nu HTML checker (Java).
TEST_PACKAGES := chromium java:default-jre-headless npm:npm

.PHONY: run test setup test-setup system-packages test-system-packages lint messages demo clean

run: setup demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: test-setup
	$(VENV)/bin/ruff check .
	$(PY) manage.py guidance_check
	$(VENV)/bin/pytest -q $(PYTEST_ARGS)

setup: system-packages $(STAMPS)/venv messages
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py collectstatic --noinput -v 0

test-setup: setup test-system-packages node_modules/.installed

system-packages:
	@PACKAGES="$(RUN_PACKAGES)" bash .ci/system-packages

test-system-packages:
	@PACKAGES="$(TEST_PACKAGES)" bash .ci/system-packages

$(STAMPS)/venv: requirements.txt
	@test -x $(PY) || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	@mkdir -p $(STAMPS) && touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

messages: $(STAMPS)/venv
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

demo: setup
	$(PY) manage.py demo_data

clean:
	rm -rf $(VENV) node_modules var/.stamps
