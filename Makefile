# Duty Desk. On a fresh Debian machine with only python3:
#   make run    - opens the app
#   make test   - runs the whole test suite headless
# Both create .venv, install the project, and install the system packages they need
# (Qt's libraries for both; test tools for make test), with apt-get when run as root
# (otherwise they print the apt-get line to run).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.test-system-deps
# What the window needs (Qt's libraries, the font) and make dist (binutils).
SYSTEM_PACKAGES := libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	libpulse0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-image0 \
	libxcb-render-util0 libxcb-xinerama0 libxcb-randr0 libxrender1 libxi6 libsm6 libice6 \
	libglib2.0-0 fonts-dejavu-core binutils
# What only the tests need: a virtual screen, exiftool (published videos), Node.js (ical.js),
# speech for the captions tests, Samba/smbnetfs and exFAT (Windows-like shares).
TEST_PACKAGES := xvfb xauth libimage-exiftool-perl nodejs espeak-ng alsa-utils \
	samba smbnetfs fuse exfatprogs exfat-fuse mount

.PHONY: run test bench dist system-deps venv clean

run: $(STAMP)
	$(PY) -m ui

test: $(STAMP) $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen xvfb-run -a -s "-screen 0 1600x1000x24" $(PY) -m pytest -n 2 --dist loadgroup -q $(PYTEST_ARGS)

bench: $(STAMP) $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py $(BENCH)

dist: $(STAMP)
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN build.spec
	@echo "Bundle: dist/dutydesk/"

system-deps:
	@$(PYTHON) tools/system_deps.py $(SYSTEM_PACKAGES) $(TEST_PACKAGES)

$(TEST_STAMP): Makefile tools/system_deps.py | $(STAMP)
	@$(PYTHON) tools/system_deps.py $(TEST_PACKAGES)
	@command -v npm >/dev/null 2>&1 || $(PYTHON) tools/system_deps.py npm
	@touch $(TEST_STAMP)

$(STAMP): pyproject.toml tools/system_deps.py
	@$(PYTHON) tools/system_deps.py $(SYSTEM_PACKAGES)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

clean:
	rm -rf build dist .pytest_cache
