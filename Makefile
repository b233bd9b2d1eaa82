# Fraud Hub: `make run` to try it, `make test` to check it. Both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FH := $(BIN)/fraudhub
CSS := src/fraudhub/static/fraudhub/fraudhub.css
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/fraudhub
SASS_FLAGS := --quiet-deps --silence-deprecation=import,global-builtin,color-functions,slash-div \
	--no-source-map --style=compressed --load-path=node_modules/govuk-frontend/dist

.PHONY: install run test lint typecheck pytest test-postgres browsers lock clean

install: $(VENV)/.installed frontend/node_modules/.installed $(CSS)

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip==26.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $@

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(CSS): frontend/node_modules/.installed frontend/scss/fraudhub.scss
	cd frontend && npx sass $(SASS_FLAGS) scss/fraudhub.scss ../$(CSS)

run: install
	$(FH) migrate --noinput
	$(FH) demo-data --if-empty --reports 300 --seed 1
	@mkdir -p var
	@echo "Fraud Hub is at http://127.0.0.1:8000 (staff sign in: http://127.0.0.1:8000/staff/)"
	@echo "For a demo login's code, in another terminal: .venv/bin/fraudhub demo-code manager"
	@echo "The background worker (imports) logs to var/worker.log"
	@trap 'kill 0' INT TERM EXIT; \
		$(FH) db_worker > var/worker.log 2>&1 & \
		FRAUDHUB_ICO_REGISTRATION="$${FRAUDHUB_ICO_REGISTRATION:-ZX0000000 (an example for the demo)}" \
		$(FH) runserver 127.0.0.1:8000

# Debian's Chromium drives the browser tests; nothing downloads a browser of its own.
browsers:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		echo "Installing Debian's chromium and chromium-driver for the browser tests"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	fi

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: install
	$(BIN)/mypy

pytest: install browsers
	$(BIN)/pytest

test: lint typecheck pytest

# The same suite against PostgreSQL (CI runs this after `make test`).
test-postgres: install browsers
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest

# Refresh the Python lock after changing pyproject.toml.
lock:
	rm -rf /tmp/fraudhub-lock && $(PYTHON) -m venv /tmp/fraudhub-lock
	/tmp/fraudhub-lock/bin/pip install --quiet -e '.[dev]'
	/tmp/fraudhub-lock/bin/pip freeze --exclude-editable | grep -v '^pip==' > requirements.lock

clean:
	rm -rf $(VENV) frontend/node_modules $(CSS) staticfiles
