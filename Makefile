# The commands of the README; each one sets up what it needs first.
.PHONY: run test lint bench

run:  ## serve Odoo with the addon and demo data on http://127.0.0.1:8069
	scripts/run.sh

test:  ## install the addon in a fresh database and run the whole test suite
	scripts/test.sh

lint:  ## ruff, pylint-odoo and the wheel build (also run by .ci/run)
	scripts/lint.sh

bench:  ## the performance benchmark (prints a table, writes JSON)
	scripts/bench.sh
