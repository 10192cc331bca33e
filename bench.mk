# bench.mk: `make policies` (every site file rendered, incrementally) and
# `make bench` (csecpol against docxtemplater, pandoc and cmark).
# Included by the Makefile; neither target is part of `make check`.

.PHONY: policies bench deps-bench

# ---- policies ---------------------------------------------------------
# Renders sites/*.yaml to $(POLICY_DIR)/<site>.{md,html,docx}, only what
# is out of date: each render writes a make rule (--depfile) naming the
# site file, its `extends` chain and the template, so touching a
# statewide file re-renders just the sites that extend it.  The built-in
# template lives in the binary, which every output also depends on.
POLICY_SITES_DIR ?= sites
POLICY_DIR       ?= out/policies
POLICY_CSECPOL   ?= build/csecpol
POLICY_STEMS     := $(patsubst $(POLICY_SITES_DIR)/%.yaml,%,\
                      $(sort $(wildcard $(POLICY_SITES_DIR)/*.yaml)))

policies: $(POLICY_STEMS:%=$(POLICY_DIR)/%.md)

# One pattern rule with three targets: make runs it once for all three.
$(POLICY_DIR)/%.md $(POLICY_DIR)/%.html $(POLICY_DIR)/%.docx: \
    $(POLICY_SITES_DIR)/%.yaml $(POLICY_CSECPOL)
	@mkdir -p $(POLICY_DIR)
	$(POLICY_CSECPOL) render -f md,html,docx -o $(POLICY_DIR) \
	  --depfile $(POLICY_DIR)/$*.d $<

-include $(wildcard $(POLICY_DIR)/*.d)

# ---- bench ------------------------------------------------------------
# Debian's pandoc, cmark's own binary, GNU time for peak RSS, hyperfine,
# and valgrind for instruction counts; Node and npm (the machine's, or
# Debian's when missing) for docxtemplater.
BENCH_DEPS := pandoc cmark time hyperfine valgrind
BENCH_CMDS := node:nodejs npm:npm

# docxtemplater, the template-filling DOCX library most used, and PizZip,
# its zip, from the npm registry into build/npm (beside the tests'
# vnu-jar), for `make bench` alone.  The versions are pinned so that a
# run measures the same code on every machine.
BENCH_NPM := docxtemplater@3.71.0 pizzip@3.3.0
DOCXTPL   := build/npm/node_modules/docxtemplater/package.json

deps-bench:
	$(call need_debs,$(BENCH_DEPS),$(BENCH_CMDS))

$(DOCXTPL): | deps-bench
	@mkdir -p build/npm
	cd build/npm && npm install --no-audit --no-fund --silent $(BENCH_NPM) >/dev/null

bench: deps-bench build/csecpol $(DOCXTPL)
	@NODE_PATH=$(CURDIR)/build/npm/node_modules sh bench/bench.sh
