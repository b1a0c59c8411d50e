# scaleladder: every job of the README as a make target. Needs Node >= 20.18 and npm; stages 2+ need system packages (see `make doctor`).
SHELL := /bin/bash
NODE_MODULES := node_modules/.scaleladder-installed
CLI := node bin/scaleladder.mjs
STEP ?= 8s
TIERS ?=
BENCH_FLAGS ?=
BENCH_FLAGS += $(if $(DB),--db $(DB),)
TIER_FLAG := $(if $(TIERS),--tiers $(TIERS),)

.PHONY: help install bench bench-stage-1 bench-stage-2 bench-stage-3 bench-stage-4 bench-stage-5 test typecheck perf compare validate plan report doctor clean

help:
	@echo "make bench-stage-N   boot stage N and drive every tier (N = 1..5; 1 needs only Node/npm)"
	@echo "make bench           every implemented stage, same workload"
	@echo "make test            typecheck + the whole test suite"
	@echo "make perf            speed numbers: seeding, driver ceiling, redirect path"
	@echo "make compare BASE=a.json HEAD=b.json   deltas with verdicts (exit 1 on a significant regression)"
	@echo "make validate | plan USERS=1M | report | doctor | clean"

# Installs the npm dependencies when missing or when the lockfile changed, and makes sure the native addon loads.
# `npm install`, not `npm ci`: npm 11 writes lockfiles without other platforms' optional packages and then refuses
# its own lockfile in `npm ci` ("Missing: @rollup/rollup-android-arm-eabi").
$(NODE_MODULES): package.json package-lock.json
	npm install --no-audit --no-fund
	@node -e "new (require('better-sqlite3'))(':memory:')" 2>/dev/null || npm rebuild better-sqlite3
	@touch $@

install: $(NODE_MODULES)

# A static pattern rule: make skips implicit-rule search for .PHONY targets, so a plain `bench-stage-%` would never run.
BENCH_STAGES := bench-stage-1 bench-stage-2 bench-stage-3 bench-stage-4 bench-stage-5
$(BENCH_STAGES): bench-stage-%: $(NODE_MODULES)
	$(CLI) bench --stage $* --step-duration $(STEP) $(TIER_FLAG) $(BENCH_FLAGS)

bench: $(NODE_MODULES)
	@for s in $$($(CLI) doctor --stages); do $(CLI) bench --stage $$s --step-duration $(STEP) --find-knee $(TIER_FLAG) $(BENCH_FLAGS) || exit $$?; done
	$(CLI) ladder

typecheck: $(NODE_MODULES)
	npx tsc --noEmit -p tsconfig.json
	npx tsc --noEmit -p loadtests/k6/tsconfig.json

test: $(NODE_MODULES)
	@rc=0; $(MAKE) --no-print-directory typecheck || rc=$$?; \
	npx vitest run || rc=$$?; \
	exit $$rc

perf: $(NODE_MODULES)
	node --import tsx harness/perf/run-perf.ts

compare: $(NODE_MODULES)
	@test -n "$(BASE)" -a -n "$(HEAD)" || { echo "usage: make compare BASE=base.json HEAD=head.json [THRESHOLD=5%]"; exit 2; }
	$(CLI) compare $(BASE) $(HEAD) $(if $(THRESHOLD),--threshold $(THRESHOLD),)

validate: $(NODE_MODULES)
	$(CLI) validate

USERS ?= 1M
plan: $(NODE_MODULES)
	$(CLI) plan --users $(USERS)

report: $(NODE_MODULES)
	@$(CLI) report $$(ls results/latest-stage-*.json) --out results/report.html >/dev/null && echo results/report.html

doctor: $(NODE_MODULES)
	$(CLI) doctor

clean:
	rm -rf results/runs results/stage-* results/latest-stage-*.json results/test-artifacts
