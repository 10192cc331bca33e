# bench.mk: `make policies` (every site file rendered, incrementally) and
# `make bench` (csecpol against pandoc and cmark).  Included by the
# Makefile; neither target is part of `make check`.

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
# and valgrind for instruction counts.
BENCH_DEPS := pandoc cmark time hyperfine valgrind

deps-bench:
	$(call need_debs,$(BENCH_DEPS))

bench: deps-bench build/csecpol
	@sh bench/bench.sh
