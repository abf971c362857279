#!/usr/bin/env bash
# Fault injection at the edges: write failures (a full device, a closed
# pipe), unreadable inputs (permission, read error, a directory). Each must
# give a clear message naming the file and exit 2 — never a silent
# truncation, never a crash — and every good input beside a bad one must
# still be processed.
source "$WN_ROOT/tests/lib.sh"
S=$WN_ROOT/fixtures/seeds
ZH=$S/000_soyuz-ms-02.zh.txt
EN=$S/001_soyuz-ms-02.en.txt
ZH7=$S/002_soyuz-ms-07.zh.txt

# run_rc NAME CMD…: runs CMD, stores its exit code in RC and stderr in ERR.
run_rc() {
  shift 0
  "$@" >"$TMP/out" 2>"$TMP/err"
  RC=$?
  ERR=$(cat "$TMP/err")
}
# no_crash NAME: the last run did not die of a signal or a sanitizer.
no_crash() {
  if [ "$RC" -ge 128 ] || grep -qE 'Sanitizer|runtime error|Segmentation|core dumped' "$TMP/err"; then
    not_ok "$1: no crash (exit $RC)"
    sed 's/^/#   /' "$TMP/err" | head -20
  else
    ok "$1: no crash"
  fi
}
# expect_msg NAME REGEX: stderr of the last run matches REGEX.
expect_msg() {
  if grep -qE "$2" <<<"$ERR"; then ok "$1"; else
    not_ok "$1"
    printf '#   stderr: %s\n#   wanted: /%s/\n' "$(head -c 600 <<<"$ERR")" "$2"
  fi
}

# Each command with the inputs that give it output to write.
declare -A CMDS=(
  [parse]="parse $ZH $EN"
  [normalize]="$ZH $EN $ZH7"
  [merge]="merge $ZH $EN"
  [diff]="diff $ZH $EN"
  [check]="check $ZH $EN $ZH7"
)

# ---- write failures ----
if [ -w /dev/full ]; then
  for c in parse normalize merge diff check; do
    # The command must have something to write for the test to mean anything.
    run_rc "$WN" ${CMDS[$c]}
    if [ -s "$TMP/out" ]; then ok "$c: writes output on a good run"; else
      not_ok "$c: writes output on a good run (nothing written, exit $RC)"
    fi
    run_rc "$WN" ${CMDS[$c]} -o /dev/full
    expect_eq "$c -o /dev/full exits 2" "$RC" 2
    expect_msg "$c -o /dev/full names the file and the write error" '/dev/full: .*(write error|No space)'
    no_crash "$c -o /dev/full"
    "$WN" ${CMDS[$c]} >/dev/full 2>"$TMP/err"
    RC=$? ERR=$(cat "$TMP/err")
    expect_eq "$c >/dev/full exits 2" "$RC" 2
    expect_msg "$c >/dev/full names stdout and the write error" '<stdout>: .*(write error|No space)'
    no_crash "$c >/dev/full"
  done
  # With worker threads, the error must still surface.
  "$WN" -j 2 "$ZH" "$EN" "$ZH7" "$ZH" >/dev/full 2>"$TMP/err"
  expect_eq "normalize -j 2 >/dev/full exits 2" "$?" 2
fi

# ---- a closed pipe with lots of output ----
big=$TMP/big.wiki
for i in $(seq 1 300); do cat "$ZH7"; done >"$big"
for c in parse normalize; do
  sub=$c
  [ "$c" = normalize ] && sub=""
  ( "$WN" $sub -f jsonl "$big" "$big" "$big" 2>"$TMP/perr"; echo "$?" >"$TMP/rc" ) | head -c 100 >/dev/null
  expect_eq "$c into a closed pipe exits 2" "$(cat "$TMP/rc")" 2
  ERR=$(cat "$TMP/perr")
  expect_msg "$c into a closed pipe explains the write error" '(write error|Broken pipe)'
done
# The whole output when the pipe stays open: nothing is lost.
"$WN" parse -f jsonl "$big" "$ZH" | wc -l >"$TMP/lines"
expect_eq "parse into an open pipe writes every document" "$(tr -d ' ' <"$TMP/lines")" 2

# ---- unreadable inputs ----
cp "$ZH" "$TMP/locked.wiki"
chmod 000 "$TMP/locked.wiki"
as_other=()
if [ "$(id -u)" = 0 ]; then
  # root reads anything: drop to nobody for this one.
  if command -v setpriv >/dev/null; then
    as_other=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    chmod 755 "$TMP"
  fi
fi
if [ "$(id -u)" != 0 ] || [ ${#as_other[@]} -gt 0 ]; then
  for c in parse normalize check; do
    sub=$c
    [ "$c" = normalize ] && sub=""
    run_rc "${as_other[@]}" "$WN" $sub "$TMP/locked.wiki"
    expect_eq "$c: an unreadable file exits 2" "$RC" 2
    expect_msg "$c: an unreadable file is named with the reason" 'locked\.wiki.*Permission denied'
    no_crash "$c: an unreadable file"
  done
else
  not_ok "cannot test an unreadable file as root without setpriv"
fi

# A read error after a successful open: /proc/self/mem fails with EIO.
if [ -r /proc/self/mem ]; then
  run_rc "$WN" parse /proc/self/mem
  expect_eq "a read error exits 2" "$RC" 2
  expect_msg "a read error is named with the reason" '/proc/self/mem.*(error|Input/output)'
  no_crash "a read error"
fi

# A directory given as a file.
mkdir -p "$TMP/adir"
for c in parse normalize merge check; do
  sub=$c
  [ "$c" = normalize ] && sub=""
  run_rc "$WN" $sub "$TMP/adir"
  expect_eq "$c: a directory exits 2" "$RC" 2
  expect_msg "$c: a directory is named with the reason" 'adir.*(Is a directory|directory)'
  no_crash "$c: a directory"
done
run_rc "$WN" diff "$TMP/adir" "$ZH"
expect_eq "diff: a directory exits 2" "$RC" 2
expect_msg "diff: a directory is named" 'adir'

# A bad input between good ones: the good ones are still processed.
run_rc "$WN" parse -f jsonl "$ZH" "$TMP/adir" "$TMP/missing.wiki" "$EN"
expect_eq "parse good, dir, missing, good exits 2" "$RC" 2
expect_eq "both good documents are still written" "$(wc -l <"$TMP/out" | tr -d ' ')" 2
expect_msg "the missing file is named" 'missing\.wiki'

# An output file that cannot be created.
run_rc "$WN" parse "$ZH" -o "$TMP/no/such/dir/out.json"
expect_eq "-o into a missing directory exits 2" "$RC" 2
expect_msg "-o into a missing directory is explained" 'out\.json.*(cannot open|No such file)'
