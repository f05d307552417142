# make run  — install everything and start the platform with demo data (http://127.0.0.1:8000)
# make test — install everything and run lint, types and the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages: poppler (pdftoppm, for looking at PDFs), Noto CJK fonts (DOCX/PDF output),
# Pango (WeasyPrint), Chromium (browser tests), Tesseract (scanned PDFs), LibreOffice without its
# GUI (Word/Excel 97 and WPS files, converted to DOCX/XLSX before they are read).
DEB_PACKAGES := poppler-utils fonts-noto-cjk fonts-noto-cjk-extra libpango-1.0-0 libpangoft2-1.0-0 \
	libharfbuzz-subset0 chromium tesseract-ocr tesseract-ocr-chi-sim \
	libreoffice-writer-nogui libreoffice-calc-nogui

.PHONY: run test lint sysdeps benchdeps install bench clean

# install, migrate, load the demo city (logins printed), serve on 127.0.0.1:$(PORT)
PORT ?= 8000
run: install
	$(BIN)/gongkai demo --port $(PORT)

# -n auto: one pytest-xdist worker per core (each worker has its own test database).
test: install lint
	$(BIN)/pytest -n auto

lint: install
	$(BIN)/ruff check gongkai tests bench
	$(BIN)/ruff format --check gongkai tests bench
	$(BIN)/mypy

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory sysdeps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# $(call apt_missing,PACKAGES): installs those of the Debian PACKAGES that are missing; needs
# root (or sudo) only when something is missing.
define apt_missing
	@missing=""; for p in $(1); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

sysdeps:
	$(call apt_missing,$(DEB_PACKAGES))

# Debian packages only the benchmarks need: wrk (bench/load.sh).
BENCH_DEB_PACKAGES := wrk
benchdeps:
	$(call apt_missing,$(BENCH_DEB_PACKAGES))

bench: install benchdeps
	for b in bench/bench_*.py; do $(BIN)/python $$b; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
