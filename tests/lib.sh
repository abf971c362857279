# Shared helpers for shell suites: source "$WN_ROOT/tests/lib.sh".
# ok/not_ok lines are counted by tests/run.sh.
T_FAILED=0
ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; T_FAILED=$((T_FAILED + 1)); }
# check NAME CMD…: ok when CMD succeeds.
check() {
  local name=$1
  shift
  if "$@"; then ok "$name"; else not_ok "$name"; fi
}
# expect_eq NAME GOT WANT
expect_eq() {
  if [ "$2" = "$3" ]; then ok "$1"; else
    not_ok "$1"
    printf '#   got:  %s\n#   want: %s\n' "$2" "$3"
  fi
}
# expect_exit NAME WANT CMD…: ok when CMD exits with status WANT.
expect_exit() {
  local name=$1 want=$2
  shift 2
  "$@" >/dev/null 2>&1
  local rc=$?
  expect_eq "$name (exit $rc)" "$rc" "$want"
}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
