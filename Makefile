# Dura e-municipality: the project's entry points. Each target says what it does and can be re-run.
SHELL := /bin/bash
.DEFAULT_GOAL := help

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

setup:  ## Debian packages, PostgreSQL, virtualenv, odoo.conf (needs an Odoo 18.0 source)
	@bash scripts/setup.sh

run:  ## create/update the dura_demo database and serve it on http://localhost:8069 (admin/admin)
	@bash scripts/run.sh

lint:  ## ruff and pylint-odoo's mandatory checks
	@bash scripts/lint.sh

test:  ## lint, then our modules' tests in a throw-away database; last line "N passed, M failed"
	@bash scripts/test.sh

test-compat:  ## Odoo's own sms/phone/automation suites with our modules installed
	@bash scripts/test-compat.sh

screenshots:  ## PNGs of the main screens and every PDF report page into screenshots/ (needs make run)
	@bash scripts/screenshots.sh

.PHONY: help setup run lint test test-compat screenshots

bench:  ## benchmarks against Odoo's own paths in a fresh database (BENCH_ARGS=--quick)
	@bash scripts/bench.sh $(BENCH_ARGS)

.PHONY: bench

soak:  ## the SMS fault soak at full size (SOAK_SIZE=10000), then odoo-bin SIGKILLed mid billing run and mid dispatch (CRASH_ARGS)
	@SOAK_SIZE=$${SOAK_SIZE:-10000} TEST_MODULES=dura_sms_gateway TEST_LOG=.test-logs/soak.log \
		TEST_TAGS=/dura_sms_gateway:TestFaultSoak bash scripts/test.sh --no-lint
	@grep -ho "soak: [0-9].*" .test-logs/soak.log
	@bash scripts/crash_soak.sh $(CRASH_ARGS)

.PHONY: soak

upgrade-check:  ## install an earlier release (UPGRADE_FROM=<git ref>), upgrade it with this tree, compare counts
	@bash scripts/upgrade_check.sh

.PHONY: upgrade-check
