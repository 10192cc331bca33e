# csecpol: build, install, check, demo.  See README.md.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/csecpol
MANDIR  ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

CC      ?= cc
PKGS    := yaml-0.1 libcmark libxml-2.0 libzip
# The unit tests read our DOCX back with libzip and libxml2 (which the
# program links too; the tests' independent readers are python3, unzip,
# xmllint, pandoc and LibreOffice), and check its CRC-32s with zlib.
TEST_PKGS := libxml-2.0 libzip zlib
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) -Icli -Ibuild/gen \
             -DCSP_DATADIR='"$(DATADIR)"' \
             $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS    = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS = $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS   = $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=all

# Debian packages: what building needs, and what the tests add.
BUILD_DEPS := gcc make pkg-config libyaml-dev libcmark-dev libxml2-dev \
              libzip-dev
CHECK_DEPS := $(BUILD_DEPS) zlib1g-dev unzip \
              cmark libxml2-utils mandoc pandoc poppler-utils \
              libreoffice-writer-nogui python3-uno fonts-liberation2 \
              fonts-dejavu-core \
              chromium valgrind pre-commit
# Commands the tests need that may come with the machine rather than from
# Debian (java and npm do on ours); the package is installed only when the
# command is missing.
CHECK_CMDS := java:default-jre-headless npm:npm

SRCS      := $(sort $(wildcard cli/*.c))
LIB_SRCS  := $(filter-out cli/main.c,$(SRCS))
OBJS      := $(SRCS:cli/%.c=build/obj/%.o) build/obj/embedded.o
LIB_OBJS  := $(LIB_SRCS:cli/%.c=build/obj/%.o) build/obj/embedded.o
ASAN_OBJS := $(SRCS:cli/%.c=build/asan/obj/%.o) build/asan/obj/embedded.o
ASAN_LIB_OBJS := $(LIB_SRCS:cli/%.c=build/asan/obj/%.o) \
                 build/asan/obj/embedded.o
TEST_SRCS := $(sort $(wildcard tests/unit/test_*.c))
TESTS     := $(TEST_SRCS:tests/unit/%.c=build/tests/%)
ASAN_TESTS := $(TEST_SRCS:tests/unit/%.c=build/asan/tests/%)
EMBED     := templates/csec-policy.md templates/policy.css \
             templates/defaults.yaml \
             templates/docx-styles.xml
# The shared state files `csecpol init --state XX` extends (and writes).
STATES    := $(sort $(wildcard sites/states/*.yaml))
SITES     := $(sort $(wildcard sites/*.yaml))
FORMATS   := md html docx
empty     :=
space     := $(empty) $(empty)
comma     := ,

# Tools fetched from the npm registry for the tests (the Nu Html Checker).
VNU_JAR   := build/npm/node_modules/vnu-jar/build/dist/vnu.jar
# ajv-cli validates site files against the JSON Schema and our SARIF
# against SARIF's; yaml-language-server is the editors' YAML server; yaml
# reads YAML for them.  Pinned: yaml-language-server 2 needs Node 22.
NPM_TOOLS := ajv-cli@5.0.0 ajv-formats@3.0.1 yaml-language-server@1.25.0 \
             yaml@2.8.3
NPM_STAMP := build/npm/tools.stamp
# The SARIF 2.1.0 JSON Schema, as Microsoft's SARIF Multitool carries it
# (taken out of the package's tarball; the tool itself is not installed).
SARIF_PKG    := @microsoft/sarif-multitool-linux@5.7.0
SARIF_SCHEMA := build/npm/sarif-2.1.0.json
# The JSON Schema of a site file, for editors (csecpol fields --format
# json-schema), installed in $(DATADIR).
SITE_SCHEMA := build/site.schema.json

.PHONY: all demo check deps deps-check install uninstall clean asan tools

all: deps build/csecpol $(SITE_SCHEMA)

# Installs missing Debian packages when run as root; otherwise stops with
# the exact apt-get line to run.
define need_debs
@missing=""; \
for p in $(1); do \
  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
    grep -q 'install ok installed' || missing="$$missing $$p"; \
done; \
for cp in $(2); do \
  command -v $${cp%%:*} >/dev/null 2>&1 || missing="$$missing $${cp#*:}"; \
done; \
if [ -n "$$missing" ]; then \
  if [ "$$(id -u)" = 0 ]; then \
    echo "installing Debian packages:$$missing"; \
    apt-get update -qq && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing \
      >build.apt.log 2>&1 || { cat build.apt.log; exit 1; }; \
    rm -f build.apt.log; \
  else \
    echo "csecpol needs these Debian packages; run as root:"; \
    echo "  apt-get install$$missing"; \
    exit 1; \
  fi; \
fi
endef

deps:
	$(call need_debs,$(BUILD_DEPS))

deps-check:
	$(call need_debs,$(CHECK_DEPS),$(CHECK_CMDS))

build/gen/embedded.c: $(EMBED) $(STATES) Makefile
	@mkdir -p build/gen
	@{ echo '/* generated from templates/ by the Makefile */'; \
	   echo '#include <stddef.h>'; \
	   for f in $(EMBED) $(STATES); do \
	     n=$$(basename $$f | tr -c 'a-zA-Z0-9\n' '_'); \
	     case $$f in sites/states/*) n=state_$$n;; esac; \
	     echo "const unsigned char csp_embed_$$n[] = {"; \
	     od -An -v -tx1 $$f | sed -e 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	     echo "0x00};"; \
	     echo "const size_t csp_embed_$${n}_len = $$(wc -c < $$f);"; \
	   done; \
	   echo 'const char *const csp_embed_states[] = {'; \
	   for f in $(STATES); do \
	     n=$$(basename $$f | tr -c 'a-zA-Z0-9\n' '_'); \
	     echo "\"$$(basename $$f .yaml)\", (const char *)csp_embed_state_$$n,"; \
	   done; \
	   echo 'NULL};'; } > $@.tmp && mv $@.tmp $@

build/obj/%.o: cli/%.c cli/*.h
	@mkdir -p build/obj
	$(CC) $(ALL_CFLAGS) -c $< -o $@

build/obj/embedded.o: build/gen/embedded.c
	@mkdir -p build/obj
	$(CC) $(ALL_CFLAGS) -c $< -o $@

build/csecpol: $(OBJS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LIBS)

$(SITE_SCHEMA): build/csecpol
	build/csecpol fields --format json-schema > $@.tmp && mv $@.tmp $@

# The tests link against an archive, which pulls in only what they use.
build/libcsecpol.a: $(LIB_OBJS)
	rm -f $@ && ar rcs $@ $(LIB_OBJS)

build/tests/%: tests/unit/%.c tests/unit/tap.h build/libcsecpol.a
	@mkdir -p build/tests
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -Itests/unit -o $@ $< \
	  build/libcsecpol.a $(LIBS) $(TEST_LIBS)

# The same program and tests under AddressSanitizer and UBSan.
build/asan/obj/%.o: cli/%.c cli/*.h
	@mkdir -p build/asan/obj
	$(CC) $(ALL_CFLAGS) $(SAN) -c $< -o $@

build/asan/obj/embedded.o: build/gen/embedded.c
	@mkdir -p build/asan/obj
	$(CC) $(ALL_CFLAGS) $(SAN) -c $< -o $@

build/asan/csecpol: $(ASAN_OBJS)
	$(CC) $(ALL_CFLAGS) $(SAN) -o $@ $(ASAN_OBJS) $(LIBS)

build/asan/libcsecpol.a: $(ASAN_LIB_OBJS)
	rm -f $@ && ar rcs $@ $(ASAN_LIB_OBJS)

build/asan/tests/%: tests/unit/%.c tests/unit/tap.h build/asan/libcsecpol.a
	@mkdir -p build/asan/tests
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) $(SAN) -Itests/unit -o $@ $< \
	  build/asan/libcsecpol.a $(LIBS) $(TEST_LIBS)

asan: build/asan/csecpol $(ASAN_TESTS)

$(VNU_JAR):
	@mkdir -p build/npm
	cd build/npm && npm install --no-audit --no-fund --silent vnu-jar >/dev/null

# (after vnu-jar: two npm runs in one folder at once would clash)
$(NPM_STAMP): Makefile | $(VNU_JAR)
	cd build/npm && npm install --no-audit --no-fund --silent $(NPM_TOOLS) \
	  >/dev/null
	@touch $@

$(SARIF_SCHEMA): | $(VNU_JAR)
	@rm -rf build/npm/sarif && mkdir -p build/npm/sarif
	cd build/npm/sarif && tgz=$$(npm pack --silent $(SARIF_PKG)) && \
	  tar xzf "$$tgz" package/sarif-2.1.0.json && \
	  mv package/sarif-2.1.0.json ../sarif-2.1.0.json.tmp
	@rm -rf build/npm/sarif && mv $@.tmp $@

tools: $(VNU_JAR) $(NPM_STAMP) $(SARIF_SCHEMA)

# One run for every site and format: each site is read and checked once,
# and a warning is printed once, not once a format.
demo: all
	@mkdir -p out
	./build/csecpol render -f $(subst $(space),$(comma),$(FORMATS)) -o out/ \
	  $(SITES)
	@for s in $(SITES); do \
	  for f in $(FORMATS); do echo "out/$$(basename $$s .yaml).$$f"; done; \
	done

include bench.mk

check: deps-check
	@$(MAKE) --no-print-directory build/csecpol $(SITE_SCHEMA) $(TESTS) asan \
	  tools demo
	@CSECPOL=build/csecpol TESTBIN=build/tests \
	 ASAN_CSECPOL=build/asan/csecpol ASAN_TESTBIN=build/asan/tests \
	 VNU_JAR=$(VNU_JAR) NPM_BIN=build/npm/node_modules \
	 SARIF_SCHEMA=$(SARIF_SCHEMA) SITE_SCHEMA=$(SITE_SCHEMA) sh tests/run.sh

install: build/csecpol $(SITE_SCHEMA)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	  $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 build/csecpol $(DESTDIR)$(BINDIR)/csecpol
	install -m 644 $(EMBED) $(SITE_SCHEMA) $(DESTDIR)$(DATADIR)/
	install -d $(DESTDIR)$(DATADIR)/states
	install -m 644 $(STATES) $(DESTDIR)$(DATADIR)/states/
	install -m 644 man/csecpol.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/csecpol-site.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 completion/csecpol.bash $(DESTDIR)$(BASHCOMPDIR)/csecpol

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/csecpol $(DESTDIR)$(MANDIR)/man1/csecpol.1 \
	  $(DESTDIR)$(MANDIR)/man5/csecpol-site.5 $(DESTDIR)$(BASHCOMPDIR)/csecpol
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build out
include fuzz.mk
