#!/usr/bin/env bash
# merge, diff and check end to end: the records come from normalizing the
# real seeds (zh wikitext, en rendered text) and the en wikitext of Soyuz
# MS-07, as a user runs them. Skipped while the normalize stage writes no
# record for an input (the tokenizer or record stage not landed yet).
source "$WN_ROOT/tests/lib.sh"
cd "$WN_ROOT" || exit 2
S=fixtures/seeds
ZH02=$S/000_soyuz-ms-02.zh.txt
EN02=$S/001_soyuz-ms-02.en.txt
ZH07=$S/002_soyuz-ms-07.zh.txt
EN07=fixtures/en/soyuz-ms-07.wiki

for f in $ZH02 $EN02 $ZH07 $EN07; do
  if [ "$("$WN" -f jsonl "$f" 2>/dev/null | wc -l)" != 1 ]; then
    ok "end to end # SKIP $f gives no record yet"
    exit 0
  fi
done

row() { grep -E "^$1 " "$TMP/$2.txt" | sed 's/  */ /g'; }

# ---- Soyuz MS-02: zh seed against en seed ----
expect_exit "diff MS-02 zh en: they differ" 1 "$WN" diff $ZH02 $EN02
"$WN" diff $ZH02 $EN02 >"$TMP/ms02.txt" 2>"$TMP/ms02.err"
expect_eq "MS-02 duration: conflict of 81 s" "$(row duration ms02)" \
  "duration conflict 173 d 3 h 15 m 173 d 3 h 16 m 21 s 81 s"
expect_eq "MS-02 launch: compatible" "$(row launch.time ms02)" \
  "launch.time compatible 2016-10-19 08:05 UTC 2016-10-19 08:05:00 UTC"
check "MS-02 landing: equal (not listed)" bash -c "! grep -q '^landing.time ' '$TMP/ms02.txt'"
check "MS-02 callsign: equal (not listed)" bash -c "! grep -q '^crew.callsign ' '$TMP/ms02.txt'"
expect_eq "MS-02 orbits: only_zh" "$(row orbits_completed ms02)" "orbits_completed only_zh 2694 —"
expect_eq "MS-02 mission type: only_en" "$(row mission_type ms02)" \
  "mission_type only_en — ISS crew transport"
expect_eq "MS-02 en is internally inconsistent, zh consistent" \
  "$(row duration_matches_launch_landing ms02)" \
  "duration_matches_launch_landing consistent inconsistent (81 s)"
expect_eq "diff prints no diagnostics" "$(cat "$TMP/ms02.err")" ""

"$WN" merge $ZH02 $EN02 >"$TMP/ms02.jsonl"
check "merge MS-02: statuses, claims and checks" "$PY" -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, lines
m = json.loads(lines[0])
assert m["key"] == "soyuz-ms-02" and [s["lang"] for s in m["sources"]] == ["zh", "en"]
f = m["fields"]
want = {"duration": "conflict", "launch.time": "compatible", "landing.time": "equal",
        "crew.callsign": "equal", "orbits_completed": "only_zh", "mission_type": "only_en"}
def at(path):  # merged fields nest as records do
    v = f
    for k in path.split("."):
        v = v[k]
    return v
for path, status in want.items():
    assert at(path)["status"] == status, (path, at(path))
assert f["duration"]["delta"] == "81 s"
assert f["duration"]["claims"]["zh"]["seconds"] == 14958900
checks = {(c["lang"], c["check"]): c for c in m["checks"]}
assert checks["en", "duration_matches_launch_landing"]["status"] == "inconsistent"
assert checks["en", "duration_matches_launch_landing"]["delta"] == "81 s"
assert checks["zh", "duration_matches_launch_landing"]["status"] == "consistent"
' "$TMP/ms02.jsonl"

# Records written first and merged later give the same merged record.
"$WN" -f jsonl $ZH02 >"$TMP/zh02.jsonl"
"$WN" -f json $EN02 >"$TMP/en02.json"
expect_exit "merge of written records equals merge of the sources" 0 \
  bash -c "cmp <('$WN' merge '$TMP/zh02.jsonl' '$TMP/en02.json') '$TMP/ms02.jsonl'"

# ---- Soyuz MS-07: zh seed against the en article's infobox ----
expect_exit "diff MS-07 zh en: they differ" 1 "$WN" diff $ZH07 $EN07
"$WN" diff $ZH07 $EN07 >"$TMP/ms07.txt"
expect_eq "MS-07 landing: conflict 12:59 against 12:39" "$(row landing.time ms07)" \
  "landing.time conflict 2018-06-03 12:59 UTC 2018-06-03 12:39 UTC 1200 s"
check "MS-07 duration: equal (not listed)" bash -c "! grep -q '^duration ' '$TMP/ms07.txt'"
check "MS-07 crew: equivalent" grep -qE '^crew.members +equivalent ' "$TMP/ms07.txt"
expect_eq "MS-07 zh is internally inconsistent" "$(row duration_matches_launch_landing ms07)" \
  "duration_matches_launch_landing inconsistent (1200 s) consistent"
"$WN" diff -f json $ZH07 $EN07 >"$TMP/ms07.json"
check "diff -f json MS-07" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
f = {x["path"]: x for x in d["pairs"][0]["fields"]}
assert d["differ"] and f["landing.time"]["delta"] == "1200 s"
assert f["crew.members"]["status"] == "equivalent" and "duration" not in f
' "$TMP/ms07.json"

# ---- exit codes ----
expect_exit "diff of a seed with itself" 0 "$WN" diff $ZH02 $ZH02
printf 'No infobox here.\n' >"$TMP/plain.wiki"
expect_exit "diff against a page without an infobox" 2 "$WN" diff $ZH02 "$TMP/plain.wiki"
expect_exit "check of the consistent zh MS-02" 0 "$WN" check $ZH02
expect_exit "check of the inconsistent en MS-02" 1 "$WN" check $EN02
expect_exit "check of the four" 1 "$WN" check $ZH02 $EN02 $ZH07 $EN07
"$WN" check $ZH07 >/dev/null 2>"$TMP/check.err"
check "check warns at the duration of the zh MS-07 seed (line 18)" grep -qE \
  "^$ZH07:18:[0-9]+: warning: duration 168 d 5 h 18 m disagrees with landing - launch = 168 d 5 h 38 m .* by 1200 s \[duration_matches_launch_landing\]$" \
  "$TMP/check.err"
"$WN" check $EN02 >/dev/null 2>"$TMP/check.err"
check "check warns at the duration of the en MS-02 seed (line 6)" grep -qE \
  "^$EN02:6:[0-9]+: warning: duration 173 d 3 h 16 m 21 s disagrees .* by 81 s " "$TMP/check.err"

# ---- the 30 real en infoboxes of ../shared/spaceflight-en ----
if [ -n "${SHARED:-}" ] && [ -d "$SHARED/spaceflight-en" ]; then
  "$WN" check "$SHARED"/spaceflight-en/*.wiki >"$TMP/en30.txt" 2>"$TMP/en30.err"
  expect_eq "check over 30 real en infoboxes: exit 1" "$?" 1
  # The one real inconsistency: 2,645 orbits in 112 days (about 61 min an
  # orbit); Soyuz T-13 flew about 1,770. Crew sizes count crew_launching,
  # stated first-orbit periods are within 5 % of the flown mean.
  expect_eq "only Soyuz T-13's orbits fail" \
    "$(grep -c '\[[a-z_]*\]$' "$TMP/en30.err"):$(grep -c 'Soyuz_T-13.wiki:[0-9]*:[0-9]*: warning: 2645 orbits in 112 d' "$TMP/en30.err")" "1:1"
  check "every record is checked" grep -q '^30 records checked: 1 inconsistent' "$TMP/en30.txt"
  expect_exit "merge of 30 missions" 0 "$WN" merge "$SHARED"/spaceflight-en/*.wiki
  expect_eq "one merged record per mission" \
    "$("$WN" merge "$SHARED"/spaceflight-en/*.wiki 2>/dev/null | wc -l | tr -d ' ')" 30
fi

[ "$T_FAILED" = 0 ]
