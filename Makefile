# scaleladder: every job of the README as a make target. Needs Node >= 20.18 and npm; `make test` installs the system
# packages it needs (scripts/system-deps), `make bench` skips a stage whose tools are missing (see `make doctor`).
SHELL := /bin/bash
NODE_MODULES := node_modules/.scaleladder-installed
CLI := node bin/scaleladder.mjs
STEP ?= 8s
# make bench: 6 s steps and a 2 s request timeout (overloaded tiers drain for at most that), to stay under 15 minutes
# (14 min 22 s with 3 s on the 2-core VM, since the knee search also bisects below a noisy probe).
BENCH_STEP ?= 6s
BENCH_TIMEOUT ?= 2s
# ... and 4 s knee probes (about 15 per stage; 5 s made the whole run 15 min 7 s on the 2-core VM).
BENCH_KNEE_PROBE ?= 4s
# make bench also sweeps stage 3's app machines (1 and 2 beside the default 4: the scale-out curve plan fits); SWEEP= turns it off.
SWEEP ?= app-processes=1,2
SWEEP_TIERS ?= 10k
TIERS ?=
BENCH_FLAGS ?=
BENCH_FLAGS += $(if $(DB),--db $(DB),)
# Stage 5 on PostgreSQL: K shard servers are K db machines; 2 shards and 2 apps keep its budgets within one core
# (4 apps, 3 cluster nodes, balancer, CDN and 4 shards would need 1.4 cores and be refused).
PG_STAGE5_FLAGS ?= --shards 2 --app-processes 2
TIER_FLAG := $(if $(TIERS),--tiers $(TIERS),)

.PHONY: help install system-deps bench bench-stage-1 bench-stage-2 bench-stage-3 bench-stage-4 bench-stage-5 test typecheck perf compare validate plan report doctor clean experiment

help:
	@echo "make bench-stage-N   boot stage N and drive every tier (N = 1..5; 1 needs only Node/npm)"
	@echo "make bench           every stage whose tools are installed (others skipped, one line each), then the ladder"
	@echo "make test            system packages (installed when missing) + typecheck + the whole test suite"
	@echo "make perf            speed numbers: seeding, driver ceiling, redirect path, CDN emulator, scale model (cgroup, hops), shard writes"
	@echo "make compare BASE=a.json HEAD=b.json   deltas with verdicts (exit 1 on a significant regression)"
	@echo "make experiment-NAME one controlled comparison (make experiment lists them; EXP_FLAGS=... passes flags)"
	@echo "make validate | plan USERS=1M | report | doctor | clean"

# Installs the npm dependencies when missing or when the lockfile changed, and makes sure the native addon loads.
# `npm install`, not `npm ci`: npm 11 writes lockfiles without other platforms' optional packages and then refuses
# its own lockfile in `npm ci` ("Missing: @rollup/rollup-android-arm-eabi").
$(NODE_MODULES): package.json package-lock.json
	npm install --no-audit --no-fund
	@node -e "new (require('better-sqlite3'))(':memory:')" 2>/dev/null || npm rebuild better-sqlite3
	@touch $@

install: $(NODE_MODULES)

# The Debian packages the tests need: installs the missing ones (root or passwordless sudo) or stops with the command.
system-deps:
	@scripts/system-deps

# A static pattern rule: make skips implicit-rule search for .PHONY targets, so a plain `bench-stage-%` would never run.
BENCH_STAGES := bench-stage-1 bench-stage-2 bench-stage-3 bench-stage-4 bench-stage-5
$(BENCH_STAGES): bench-stage-%: $(NODE_MODULES)
	$(CLI) bench --stage $* --step-duration $(STEP) $(TIER_FLAG) $(BENCH_FLAGS)

# Experiments (harness/experiments): one line per experiment, a static pattern rule like bench-stage-N.
# `make experiment-NAME EXP_FLAGS='--repeats 3'`; `make experiment` lists them, `make experiment NAME=x` runs one.
EXPERIMENTS :=
EXPERIMENTS += experiment-ttl-jitter
EXPERIMENTS += experiment-stampede
EXPERIMENTS += experiment-eviction
EXPERIMENTS += experiment-redirect-status
EXPERIMENTS += experiment-vary-trap
EXPERIMENTS += experiment-cdn-distance
EXPERIMENTS += experiment-shield
EXPERIMENTS += experiment-lb-locality
EXPERIMENTS += experiment-uneven-cost
EXPERIMENTS += experiment-join-under-load
EXPERIMENTS += experiment-write-path
EXPERIMENTS += experiment-read-replicas
EXPERIMENTS += experiment-cache-vs-db
EXP_FLAGS ?=
.PHONY: $(EXPERIMENTS)
$(EXPERIMENTS): experiment-%: $(NODE_MODULES)
	$(CLI) experiment $* $(EXP_FLAGS)

experiment: $(NODE_MODULES)
	@$(CLI) experiment $(if $(NAME),$(NAME) $(EXP_FLAGS),--list)

# Every stage that can boot here: `doctor --stages` prints those and says on stderr which are skipped and why.
# The ladder is drawn from this run's stages only, so a stale result of a skipped stage does not slip in.
bench: $(NODE_MODULES)
	@scripts/system-deps --report
	@stages=$$($(CLI) doctor --stages $(if $(DB),--db $(DB),)) || exit $$?; files=; \
	for s in $$stages; do extra=; if [ "$$s" = 5 ] && [ "$(DB)" = postgres ]; then extra="$(PG_STAGE5_FLAGS)"; fi; \
	  $(CLI) bench --stage $$s --step-duration $(BENCH_STEP) --timeout $(BENCH_TIMEOUT) --find-knee --knee-probe $(BENCH_KNEE_PROBE) $(TIER_FLAG) $(BENCH_FLAGS) $$extra || exit $$?; \
	  files="$$files results/latest-stage-$$s.json"; done; \
	if [ -n "$(SWEEP)" ] && echo " $$stages " | grep -q ' 3 '; then \
	  $(CLI) bench --stage 3 --sweep $(SWEEP) --step-duration $(BENCH_STEP) --timeout $(BENCH_TIMEOUT) --find-knee --knee-probe $(BENCH_KNEE_PROBE) --tiers $(SWEEP_TIERS) --calibrate 0 $(BENCH_FLAGS) || exit $$?; \
	  files="$$files $$(ls -td results/sweeps/*-stage-3-app-processes | head -1)/*.json"; fi; \
	$(CLI) ladder $$files

typecheck: $(NODE_MODULES)
	npx tsc --noEmit -p tsconfig.json
	npx tsc --noEmit -p loadtests/k6/tsconfig.json

# system-deps first: a fresh machine gets redis/nginx/haproxy/chromium/postgresql, or one line saying how, not 41 failures.
test: system-deps $(NODE_MODULES)
	@rc=0; $(MAKE) --no-print-directory typecheck || rc=$$?; \
	npx vitest run || rc=$$?; \
	exit $$rc

perf: $(NODE_MODULES)
	$(CLI) perf

compare: $(NODE_MODULES)
	@test -n "$(BASE)" -a -n "$(HEAD)" || { echo "usage: make compare BASE=base.json HEAD=head.json [THRESHOLD=5%]"; exit 2; }
	$(CLI) compare $(BASE) $(HEAD) $(if $(THRESHOLD),--threshold $(THRESHOLD),)

validate: $(NODE_MODULES)
	$(CLI) validate

USERS ?= 1M
plan: $(NODE_MODULES)
	$(CLI) plan --users $(USERS)

report: $(NODE_MODULES)
	@$(CLI) report $$(ls results/latest-stage-*.json) --experiments --out results/report.html >/dev/null && echo results/report.html

doctor: $(NODE_MODULES)
	$(CLI) doctor

# Everything under results/ except the committed baselines and the folder's placeholder.
clean:
	find results -mindepth 1 -maxdepth 1 ! -name .gitkeep ! -name baselines -exec rm -rf {} +
	rm -rf .cache/prebuilt .cache/ajv
