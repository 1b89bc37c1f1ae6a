# Rostok: `make run` serves the whole system on the embedded default; `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SERVICES := cohorts consultations fairs
ROSTOK_PORT ?= 8000
EMBEDDED := ROSTOK_EMBEDDED=1 ROSTOK_VAR_DIR=$(CURDIR)/var

.PHONY: install translations run migrate test browser clean bench messages demo

$(VENV)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is needed (found %d.%d); set PYTHON=python3.11" % sys.version_info[:2])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	@touch $@

install: $(VENV)/.installed translations

# compile the message catalogues found in the repository (.po -> .mo)
translations: $(VENV)/.installed
	@for dir in shared/web/translations services/*/translations; do \
	  if [ -d "$$dir" ]; then $(VENV)/bin/pybabel -q compile -d "$$dir" || exit 1; fi; \
	done

migrate: install
	@mkdir -p -m 700 var && chmod 700 var
	@umask 077; for s in $(SERVICES); do $(EMBEDDED) $(PY) -m services.$$s migrate || exit 1; done
	@$(EMBEDDED) $(PY) -m services.cohorts ensure-admin

run: migrate
	@rm -rf var/prometheus && mkdir -p var/prometheus
	@echo ""
	@echo "  Rostok is starting at http://127.0.0.1:$(ROSTOK_PORT)/"
	@if [ -f var/first-coordinator.txt ]; then \
	  echo "  Sign in as: $$(sed -n 1p var/first-coordinator.txt)  password: $$(sed -n 2p var/first-coordinator.txt)"; \
	else echo "  Sign in with ROSTOK_ADMIN_EMAIL / ROSTOK_ADMIN_PASSWORD"; fi
	@echo "  Stop with Ctrl+C."
	@echo ""
	@umask 077; $(EMBEDDED) ROSTOK_PORT=$(ROSTOK_PORT) ROSTOK_PUBLIC_URL=$${ROSTOK_PUBLIC_URL:-http://127.0.0.1:$(ROSTOK_PORT)} ROSTOK_BIND_HOST=127.0.0.1 PROMETHEUS_MULTIPROC_DIR=$(CURDIR)/var/prometheus \
	  ROSTOK_LOG_FORMAT=$${ROSTOK_LOG_FORMAT:-text} $(VENV)/bin/honcho start -f Procfile

# Debian's Chromium for the browser journeys (Playwright's own browser download does not work here),
# and nginx, which checks the gateway's configuration
browser:
	@missing=""; [ -x /usr/bin/chromium ] || missing="chromium fonts-dejavu-core"; \
	[ -x /usr/sbin/nginx ] || missing="$$missing nginx-light"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "installing Debian's $$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	    || { echo "could not install $$missing"; exit 1; }; \
	else echo "Missing: run 'sudo apt-get install $$missing'"; exit 1; fi

test: install browser
	$(PY) -m pytest $(PYTEST_ARGS)

# load the demonstration programme into the system `make run` serves (run it in a second terminal)
demo: install
	$(PY) -m demo --url http://127.0.0.1:$(ROSTOK_PORT) --var-dir var

bench: install
	$(PY) -m bench

# refresh the README's pictures (docs/screenshots/*.png): the whole journey on the embedded default takes them
.PHONY: screenshots
screenshots: install browser
	ROSTOK_SCREENSHOTS_DIR=docs/screenshots $(PY) -m pytest -q -p no:cacheprovider tests/browser/test_whole_journey.py -k embedded

clean:
	rm -rf var .pytest_cache test-artifacts

# extract the messages of each catalogue and merge them into its Russian .po file
messages: $(VENV)/.installed
	@for dir in shared/web services/cohorts services/consultations services/fairs; do \
	  mkdir -p $$dir/translations; \
	  also=""; [ "$$dir" = shared/web ] && also="services/site.py"; \
	  $(VENV)/bin/pybabel -q extract -F babel.cfg -k N_ -k lazy_gettext -k _l -o $$dir/translations/messages.pot $$dir $$also || exit 1; \
	  for lang in ru kk; do \
	    if [ -f $$dir/translations/$$lang/LC_MESSAGES/messages.po ]; then \
	      $(VENV)/bin/pybabel -q update --no-fuzzy-matching -i $$dir/translations/messages.pot -d $$dir/translations -l $$lang; \
	    else $(VENV)/bin/pybabel -q init -i $$dir/translations/messages.pot -d $$dir/translations -l $$lang; fi; \
	  done; \
	done
