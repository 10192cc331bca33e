#!/bin/sh
# tests/suite/interview.sh: `csecpol init --interactive` on a real
# terminal: tests/suite/interview.py runs it in a pseudo-terminal and
# types the answers (see there for the checks).
#
# Run from the repository root.  Environment: CSECPOL (the binary).
set -u
: "${CSECPOL:=build/csecpol}"
CSECPOL=$(cd "$(dirname "$CSECPOL")" && pwd)/$(basename "$CSECPOL")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/csecpol-interview.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

# Debian's python3, whatever python3 comes first on PATH
/usr/bin/python3 tests/suite/interview.py "$CSECPOL" "$tmp"
