# Two commands matter: `make run` (demo) and `make test` (the whole suite). See README.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Hashed locks (pip-compile --generate-hashes): app.txt is what production installs,
# dev.txt is the app plus the test and lint tools, at the same versions. `make lock` writes both.
APP_LOCK := requirements/app.txt
DEV_LOCK := requirements/dev.txt
PIP_TOOLS := pip-tools==7.6.2
# Translations: the .po files are the source, committed; the .mo files are built from them by
# Django's compilemessages (GNU gettext's msgfmt --check-format), never committed.
POS := $(wildcard hverdag/locale/*/LC_MESSAGES/*.po)
MOS := $(POS:.po=.mo)

# A recipe that fails leaves no target behind (a half-built venv stamp, a .mo msgfmt refused).
.DELETE_ON_ERROR:

.PHONY: run test install lint typecheck pytest demo clean-db messages lock

# A changed lock rebuilds the venv from nothing, so it holds exactly what the lock says.
$(STAMP): $(DEV_LOCK)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Run inside hverdag/ without settings: compilemessages then compiles hverdag/locale only (from
# the top it would walk into .venv too), and needs no keys from the environment.
$(MOS): %.mo: %.po | $(STAMP)
	cd hverdag && env -u DJANGO_SETTINGS_MODULE ../$(BIN)/django-admin compilemessages
	touch $@

install: $(STAMP) $(MOS)

run: install
	bash scripts/run.sh

test: install
	bash scripts/test.sh

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy hverdag tests bench

pytest: install
	$(BIN)/pytest

messages: $(MOS)

# Resolve against the package index alone (no local wheel folders or extra indexes from this
# machine's pip configuration), so a fresh machine gets the same files with the same hashes.
# The dev lock is constrained by the app lock: both name the same version of every package.
# Pins already in the locks are kept; `make lock LOCK_UPGRADE=--upgrade` takes newer releases.
LOCK_ENV := env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL PIP_CONFIG_FILE=/dev/null \
	CUSTOM_COMPILE_COMMAND="make lock"
# A lock that comes out the same keeps its old time stamp, so it does not rebuild the venv.
LOCK_ARGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	--no-emit-find-links --all-build-deps $(LOCK_UPGRADE)
lock:
	rm -rf build/lock-venv build/lock-before
	mkdir -p build/lock-before
	cp -p $(APP_LOCK) $(DEV_LOCK) build/lock-before/
	$(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/pip install --quiet $(PIP_TOOLS)
	$(LOCK_ENV) build/lock-venv/bin/pip-compile $(LOCK_ARGS) -o $(APP_LOCK) pyproject.toml
	$(LOCK_ENV) build/lock-venv/bin/pip-compile $(LOCK_ARGS) --extra dev -c $(APP_LOCK) \
		-o $(DEV_LOCK) pyproject.toml
	for lock in $(APP_LOCK) $(DEV_LOCK); do \
		before=build/lock-before/$$(basename $$lock); \
		if cmp -s $$before $$lock; then touch -r $$before $$lock; fi; \
	done
	rm -rf build/lock-venv build/lock-before

clean-db:
	rm -f var/hverdag.sqlite3 var/celery-*.sqlite3
