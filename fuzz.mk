# fuzz.mk: the libFuzzer harnesses of tests/fuzz/, included by the Makefile.
#
#   make fuzz [FUZZ_TIME=600] [FUZZ_TARGETS="site tmpl render docx diff"]
#       runs each harness for FUZZ_TIME seconds, one after another, on its
#       corpus build/fuzz/corpus/NAME (kept between runs), seeded from
#       sites/ and tests/ (build/fuzz/seed/NAME) and the regression inputs
#       tests/fuzz/regress/NAME/.  A finding is written to
#       build/fuzz/findings/NAME-crash-... (or -leak-, -timeout-, -oom-);
#       the log of each run is build/fuzz/NAME.log.
#   make fuzz-smoke
#       what `make check` runs (through tests/suite/fuzz.sh): each
#       regression input once, then each harness for FUZZ_SMOKE_TIME
#       seconds from the seeds.
#
# Harnesses: fuzz_site (the YAML loader and the schema check), fuzz_tmpl
# (the template expander and the Markdown escape), fuzz_render (site file
# to Markdown, HTML and DOCX), fuzz_docx (a DOCX read as diff and
# --reference-doc read one: libzip, libxml2 and the WordprocessingML
# reader), fuzz_diff (diff of two Markdown policies: blocks,
# alignment, the text format, the redline and its Markdown and HTML).
# Each is built with clang under libFuzzer, AddressSanitizer
# and UBSan, over the same sources as the program.
#
# A finding becomes a regression test: fix the bug, then copy the input
# to tests/fuzz/regress/NAME/ with a name that says what it was.

FUZZ_CC         ?= clang
FUZZ_TIME       ?= 60
FUZZ_SMOKE_TIME ?= 3
FUZZ_TIMEOUT    ?= 10
FUZZ_MAX_LEN    ?= 32768
FUZZ_TARGETS    ?= site tmpl render docx diff
# Extra libFuzzer flags, e.g. FUZZ_FLAGS=-jobs=2 or -only_ascii=1.
FUZZ_FLAGS      ?=

FUZZ_DEPS  := clang libclang-rt-14-dev
CHECK_DEPS += $(FUZZ_DEPS)

FUZZ_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=all \
               -fno-omit-frame-pointer
# diff aligns a stretch of more than CSP_MAX_DIFF_CELLS cells by its
# linear-space search: a small value here has fuzz_diff's inputs, at
# most FUZZ_MAX_LEN bytes, go through both ways of aligning.
FUZZ_CFLAGS  = -std=c11 $(WARN) -g -O1 -Icli -Ibuild/gen \
               -DCSP_MAX_DIFF_CELLS=64 \
               $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(TEST_CFLAGS)
FUZZ_OBJS   := $(LIB_SRCS:cli/%.c=build/fuzz/obj/%.o) build/fuzz/obj/embedded.o
FUZZ_BINS    = $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)

# Seeds: every site file of sites/ and tests/, the template, and the
# Mustache spec (YAML full of templates, good for both parsers).  A name
# with a space in it comes apart in make's lists, and is passed over.
FUZZ_SEED_site   = $(wildcard sites/*.yaml sites/states/*.yaml \
                     tests/*/*.yaml tests/*/*/*.yaml tests/*/*/*/*.yaml) \
                   $(wildcard tests/data/mustache-spec/*.yml)
FUZZ_SEED_render = $(wildcard sites/*.yaml sites/states/*.yaml \
                     tests/*/*.yaml tests/*/*/*.yaml tests/*/*/*/*.yaml)
FUZZ_SEED_tmpl   = templates/csec-policy.md \
                   $(wildcard tests/data/mustache-spec/*.yml)
# fuzz_docx's seeds are our own DOCX output, made by build/csecpol: each
# site's policy and a diff's tracked changes, as packages, and as their
# parts joined by NUL bytes (the harness zips those itself, stored, so
# that mutations reach the XML).
FUZZ_SEED_docx   =
FUZZ_DOCX_SITES  = $(wildcard sites/*.yaml) tests/fixtures/diff/base.yaml
# fuzz_diff's seeds are pairs "OLD<0x1E>NEW", made by
# tests/fuzz/diff_seed.sh from the Markdown renders the CLI cases keep.
FUZZ_SEED_diff   =
FUZZ_TOOLS       = $(if $(filter docx,$(FUZZ_TARGETS)),build/csecpol)
# Each harness NAME has its dictionary tests/fuzz/NAME.dict.

.PHONY: fuzz fuzz-build fuzz-seed fuzz-smoke fuzz-deps

# Under `make check`, deps-check installs these too: wait for it rather
# than run apt-get twice at once.
fuzz-deps: $(if $(filter check,$(MAKECMDGOALS)),deps-check)
	$(call need_debs,$(FUZZ_DEPS))

build/fuzz/obj/%.o: cli/%.c cli/*.h
	@mkdir -p build/fuzz/obj
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
	  -c $< -o $@

build/fuzz/obj/embedded.o: build/gen/embedded.c
	@mkdir -p build/fuzz/obj
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< \
	  $(FUZZ_OBJS) $(LIBS) $(TEST_LIBS)

fuzz-build: fuzz-deps
	@$(MAKE) --no-print-directory $(FUZZ_BINS) $(FUZZ_TOOLS)

# The seed corpora, remade from the repository each time (a file's name
# is its path with / made _).  Seeds that a tool makes wait for
# fuzz-build, which builds the tool.
fuzz-seed: $(if $(FUZZ_TOOLS),fuzz-build)
	@for n in $(FUZZ_TARGETS); do \
	  rm -rf build/fuzz/seed/$$n && mkdir -p build/fuzz/seed/$$n || exit 1; \
	done
	@$(foreach n,$(FUZZ_TARGETS),for f in $(FUZZ_SEED_$(n)); do \
	  [ -f "$$f" ] || continue; \
	  cp "$$f" "build/fuzz/seed/$(n)/$$(echo "$$f" | tr / _)" || exit 1; \
	done;)
	$(if $(filter docx,$(FUZZ_TARGETS)),@set -e; d=build/fuzz/seed/docx; \
	  for s in $(FUZZ_DOCX_SITES); do \
	    n=$$(basename $$s .yaml); \
	    build/csecpol render -f docx -o $$d/$$n.docx $$s 2>/dev/null; \
	  done; \
	  build/csecpol diff -f docx -o $$d/diff.docx tests/fixtures/diff/base.yaml \
	    tests/fixtures/diff/person-added.yaml 2>/dev/null || test $$? = 1; \
	  for f in $$d/*.docx; do \
	    for p in document.xml styles.xml numbering.xml \
	             _rels/document.xml.rels; do \
	      unzip -p $$f word/$$p; printf '\0'; \
	    done >$${f%.docx}.parts; \
	  done)
	$(if $(filter diff,$(FUZZ_TARGETS)),@sh tests/fuzz/diff_seed.sh build/fuzz/seed/diff)

fuzz: fuzz-build fuzz-seed
	@mkdir -p build/fuzz/findings
	@failed=""; \
	for n in $(FUZZ_TARGETS); do \
	  mkdir -p build/fuzz/corpus/$$n tests/fuzz/regress/$$n; \
	  echo "fuzz_$$n: $(FUZZ_TIME) s, log build/fuzz/$$n.log"; \
	  nice build/fuzz/fuzz_$$n -max_total_time=$(FUZZ_TIME) \
	    -timeout=$(FUZZ_TIMEOUT) -max_len=$(FUZZ_MAX_LEN) \
	    -rss_limit_mb=2560 -print_final_stats=1 \
	    -dict=tests/fuzz/$$n.dict $(FUZZ_FLAGS) \
	    -artifact_prefix=build/fuzz/findings/$$n- \
	    build/fuzz/corpus/$$n build/fuzz/seed/$$n \
	    tests/fuzz/regress/$$n >build/fuzz/$$n.log 2>&1 || \
	    failed="$$failed $$n"; \
	  grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|Done [0-9]+ runs)' \
	    build/fuzz/$$n.log | sed 's/^/  /'; \
	done; \
	if [ -n "$$failed" ]; then \
	  echo "fuzz: findings from:$$failed (see build/fuzz/findings/)"; \
	  exit 1; \
	fi

fuzz-smoke: fuzz-build fuzz-seed
	@FUZZ_BIN=build/fuzz FUZZ_SMOKE_TIME=$(FUZZ_SMOKE_TIME) \
	 FUZZ_TARGETS="$(FUZZ_TARGETS)" sh tests/suite/fuzz.sh

# `make check` runs tests/suite/fuzz.sh, which needs the harnesses and
# the seeds.
check: fuzz-build fuzz-seed
