# tests/lib.sh: what every suite of tests/suite/ reports with, sourced
# from the repository root.  A suite prints one "ok - ..." or
# "not ok - ..." line per check; tests/run.sh counts them.

ok() { echo "ok - $*"; }

# not_ok MESSAGE [FILE]: a failure, with FILE's head as comments.
not_ok() {
  echo "not ok - $1"
  if [ $# -gt 1 ] && [ -f "$2" ]; then head -20 "$2" | sed 's/^/#   /'; fi
}

# check STATUS MESSAGE [FILE]: ok when STATUS is 0, else not_ok.
check() {
  st=$1 msg=$2
  shift 2
  if [ "$st" -eq 0 ]; then ok "$msg"; else not_ok "$msg" "$@"; fi
}
