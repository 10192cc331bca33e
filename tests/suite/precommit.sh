#!/bin/sh
# tests/suite/precommit.sh: the csecpol-check hook of .pre-commit-hooks.yaml
# under Debian's pre-commit, offline, one "ok"/"not ok" line per check
# (tests/run.sh counts them).
#
# A site's repository (sites/ with the examples and the statewide files)
# uses the hook as README.md says: from a hook repository (here a local
# git repository holding this checkout's .pre-commit-hooks.yaml, named by
# its path and commit) and, in a second configuration, as a `repo: local`
# hook.  With `pre-commit install`:
#  - the example sites pass (`pre-commit run --all-files`);
#  - a commit adding a site file with a misspelt key is refused, with
#    check's file:line:col diagnostic, and HEAD does not move;
#  - once the key is fixed the commit goes through;
#  - a commit changing only a statewide file does not run the hook on it;
#  - args from the configuration reach csecpol (--strict fails on the
#    example's warning).
#
# Run from the repository root.  Environment: CSECPOL (the binary).
set -u
: "${CSECPOL:=build/csecpol}"
CSECPOL=$(cd "$(dirname "$CSECPOL")" && pwd)/$(basename "$CSECPOL")
top=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/csecpol-precommit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

# Debian's, whatever else PATH holds
pc=/usr/bin/pre-commit
if ! [ -x "$pc" ] || ! dpkg-query -S "$pc" >/dev/null 2>&1; then
  not_ok "Debian's pre-commit is installed (package pre-commit; make deps-check)"
  exit 0
fi

# csecpol on PATH, as the hook (language: system) expects; pre-commit's
# cache inside tmp; no network, no user configuration
mkdir -p "$tmp/bin"
ln -s "$CSECPOL" "$tmp/bin/csecpol"
PATH=$tmp/bin:$PATH
PRE_COMMIT_HOME=$tmp/cache
HOME=$tmp/home
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@localhost
GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@localhost
export PATH PRE_COMMIT_HOME HOME GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME \
  GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
mkdir -p "$HOME"
git config --global init.defaultBranch main
git config --global protocol.file.allow always

# the hook repository: this checkout's hook file, committed
hooks=$tmp/hooks
git init -q "$hooks"
cp .pre-commit-hooks.yaml "$hooks/"
(cd "$hooks" && git add .pre-commit-hooks.yaml && git commit -qm hooks)
rev=$(cd "$hooks" && git rev-parse HEAD)

# site_repo NAME CONFIG: a repository of site files using CONFIG
site_repo() {
  r=$tmp/$1
  git init -q "$r"
  cp -R sites "$r/sites"
  printf '%s\n' "$2" >"$r/.pre-commit-config.yaml"
  (cd "$r" && git add -A && git commit -qm sites --no-verify &&
     "$pc" install >/dev/null)
}

site_repo remote "repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: csecpol-check"

site_repo local "repos:
  - repo: local
    hooks:
      - id: csecpol-check
        name: csecpol check
        entry: csecpol check
        language: system
        files: ^sites/
        exclude: (^|/)states/
        types: [yaml]"

for name in remote local; do
  r=$tmp/$name
  cd "$r" || exit 1
  "$pc" run --all-files >"$tmp/out" 2>&1
  st=$?
  grep -q '^csecpol check\.*Passed' "$tmp/out" || st=1
  check $st "$name: pre-commit run --all-files passes the example sites" \
    "$tmp/out"

  head=$(git rev-parse HEAD)
  sed 's/^personnel:/personel:/' sites/oswego-ny.yaml >sites/new-site.yaml
  git add sites/new-site.yaml
  git commit -qm "a new site" >"$tmp/out" 2>&1
  st=$?
  if [ "$st" -ne 0 ] && [ "$(git rev-parse HEAD)" = "$head" ] &&
     grep -q '^csecpol check\.*Failed' "$tmp/out" &&
     grep -q "sites/new-site.yaml:[0-9]*:[0-9]*: error: unknown key 'personel'" "$tmp/out"
  then
    ok "$name: a commit of a site file with a misspelt key is refused, with check's diagnostic"
  else
    not_ok "$name: a commit of a site file with a misspelt key is refused (status $st)" \
      "$tmp/out"
  fi

  sed -i 's/^personel:/personnel:/' sites/new-site.yaml
  git add sites/new-site.yaml
  git commit -qm "a new site" >"$tmp/out" 2>&1
  st=$?
  [ "$(git rev-parse HEAD)" != "$head" ] || st=1
  check $st "$name: once the key is fixed, the commit goes through" "$tmp/out"

  # a statewide file is no site file: the hook skips it
  printf '\n# reviewed\n' >>sites/states/ny.yaml
  git add sites/states/ny.yaml
  git commit -qm "a statewide file" >"$tmp/out" 2>&1
  st=$?
  grep -q '^csecpol check\.*(no files to check)Skipped' "$tmp/out" || st=1
  check $st "$name: a commit of a statewide file alone skips the hook" "$tmp/out"
  cd "$top" || exit 1
done

# args in the configuration reach csecpol: --strict counts the example's
# warning (the Oswego County site names no person)
r=$tmp/remote
sed -i 's/      - id: csecpol-check/      - id: csecpol-check\n        args: [--strict]/' \
  "$r/.pre-commit-config.yaml"
(cd "$r" && "$pc" run --files sites/oswego-ny.yaml) >"$tmp/out" 2>&1
st=$?
if [ "$st" -ne 0 ] && grep -q "oswego-ny.yaml:.*error: 'personnel\[1\].name' is missing" "$tmp/out"
then
  ok "args: [--strict] in the configuration reaches csecpol check"
else
  not_ok "args: [--strict] in the configuration reaches csecpol check (status $st)" \
    "$tmp/out"
fi
