#!/usr/bin/env bash
# merge, diff and check from the shell: exit codes, the report formats,
# over the hand-written records of tests/records/ (the record format of
# SCHEMA.md, nested; merged records nest their fields alike).
source "$WN_ROOT/tests/lib.sh"
cd "$WN_ROOT" || exit 2
R=tests/records

# ---- diff exit codes: 0 same, 1 different, 2 trouble ----
expect_exit "diff of a record with itself" 0 "$WN" diff $R/ms07.en.json $R/ms07.en.json
expect_exit "diff of MS-02 zh and en" 1 "$WN" diff $R/ms02.zh.json $R/ms02.en.jsonl
expect_exit "diff of MS-07 zh and en" 1 "$WN" diff $R/ms07.zh.jsonl $R/ms07.en.json
expect_exit "diff with a missing file" 2 "$WN" diff $R/ms07.en.json "$TMP/missing.json"
echo '[]' >"$TMP/empty.json"
expect_exit "diff with a side without records" 2 "$WN" diff $R/ms07.en.json "$TMP/empty.json"
expect_exit "diff with one input" 2 "$WN" diff $R/ms07.en.json
printf '{"key": "x", "fields": {]}\n' >"$TMP/broken.json"
expect_exit "diff with broken JSON" 2 "$WN" diff $R/ms07.en.json "$TMP/broken.json"

out=$("$WN" diff $R/ms07.en.json $R/ms07.en.json)
expect_eq "an identical diff prints nothing" "$out" ""
out=$("$WN" diff $R/ms07.zh.jsonl $R/ms07.zh.jsonl)
expect_eq "a self-inconsistent record against itself prints nothing (exit 0)" "$out:$?" ":0"

# ---- the human report ----
"$WN" diff $R/ms02.zh.json $R/ms02.en.jsonl >"$TMP/ms02.txt"
row() { grep -E "^$1 " "$TMP/$2.txt" | sed 's/  */ /g'; }
expect_eq "MS-02 duration row" "$(row duration ms02)" \
  "duration conflict 173 d 3 h 15 m 173 d 3 h 16 m 21 s 81 s"
expect_eq "MS-02 launch row" "$(row launch.time ms02)" \
  "launch.time compatible 2016-10-19 08:05 UTC 2016-10-19 08:05:00 UTC"
expect_eq "MS-02 orbits row" "$(row orbits_completed ms02)" "orbits_completed only_zh 2694 —"
expect_eq "MS-02 mission type row" "$(row mission_type ms02)" \
  "mission_type only_en — ISS crew transport"
check "MS-02 landing and callsign are equal (not listed)" \
  bash -c "! grep -qE '^(landing.time|crew.callsign) ' '$TMP/ms02.txt'"
expect_eq "MS-02 failed check row" "$(row duration_matches_launch_landing ms02)" \
  "duration_matches_launch_landing consistent inconsistent (81 s)"
# Columns line up: every field row has its status at the same column.
cols=$(grep -vE '^(---|\+\+\+|check|duration_matches|$)' "$TMP/ms02.txt" |
  awk '{ print index($0, $2) }' | sort -u | wc -l)
expect_eq "the columns are aligned" "$cols" 1

"$WN" diff $R/ms07.zh.jsonl $R/ms07.en.json >"$TMP/ms07.txt"
expect_eq "MS-07 landing row" "$(row landing.time ms07)" \
  "landing.time conflict 2018-06-03 12:59 UTC 2018-06-03 12:39 UTC 1200 s"
check "MS-07 duration is equal (not listed)" bash -c "! grep -q '^duration ' '$TMP/ms07.txt'"
check "MS-07 crew is equivalent" grep -qE '^crew.members +equivalent ' "$TMP/ms07.txt"

# ---- diff -f json ----
"$WN" diff -f json $R/ms07.zh.jsonl $R/ms07.en.json >"$TMP/ms07.json"
check "diff -f json is one JSON value" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
f = {x["path"]: x for x in d["pairs"][0]["fields"]}
assert d["differ"] is True
assert f["landing.time"]["status"] == "conflict" and f["landing.time"]["delta"] == "1200 s"
assert f["crew.members"]["status"] == "equivalent"
assert "duration" not in f
' "$TMP/ms07.json"

# ---- merge ----
"$WN" merge $R/ms02.zh.json $R/ms02.en.jsonl $R/ms07.zh.jsonl $R/ms07.en.json >"$TMP/merged.jsonl"
expect_eq "merge writes one line per mission" "$(wc -l <"$TMP/merged.jsonl" | tr -d ' ')" 2
check "merged statuses and checks (SCHEMA.md section 4)" "$PY" -c '
import json, sys
ms02, ms07 = [json.loads(l) for l in open(sys.argv[1])]
assert ms02["schema"] == "wikinorm/spaceflight-merged/1" and ms02["key"] == "soyuz-ms-02"
assert [s["lang"] for s in ms02["sources"]] == ["zh", "en"]
f = ms02["fields"]
assert f["duration"]["status"] == "conflict" and f["duration"]["delta"] == "81 s"
assert f["duration"]["claims"]["en"]["seconds"] == 14958981
assert f["launch"]["time"]["status"] == "compatible"
assert f["landing"]["time"]["status"] == "equal" and "value" in f["landing"]["time"]
assert f["crew"]["callsign"] == {"status": "equal", "value": "Favor"}
assert f["orbits_completed"] == {"status": "only_zh", "value": 2694}
assert f["mission_type"]["status"] == "only_en"
checks = {(c["lang"], c["check"]): c for c in ms02["checks"]}
assert checks["en", "duration_matches_launch_landing"]["status"] == "inconsistent"
assert checks["en", "duration_matches_launch_landing"]["delta"] == "81 s"
assert checks["zh", "duration_matches_launch_landing"]["status"] == "consistent"
g = ms07["fields"]
assert g["landing"]["time"]["status"] == "conflict" and g["duration"]["status"] == "equal"
assert g["crew"]["members"]["status"] == "equivalent"
checks = {(c["lang"], c["check"]): c["status"] for c in ms07["checks"]}
assert checks["zh", "duration_matches_launch_landing"] == "inconsistent"
assert checks["en", "duration_matches_launch_landing"] == "consistent"
' "$TMP/merged.jsonl"
"$WN" merge -f json $R/ms02.en.jsonl $R/ms02.zh.json >"$TMP/pretty.json"
check "merge -f json is indented JSON" "$PY" -c '
import json, sys
t = open(sys.argv[1]).read()
assert "\n  \"fields\": {" in t
json.loads(t)' "$TMP/pretty.json"
expect_exit "merge of records is deterministic" 0 \
  bash -c "cmp <('$WN' merge $R/ms07.zh.jsonl $R/ms07.en.json) <('$WN' merge $R/ms07.zh.jsonl $R/ms07.en.json)"

# ---- check: exit 1 on failures, warnings at the offending value ----
expect_exit "check of a consistent record" 0 "$WN" check $R/ms02.zh.json
expect_exit "check of an inconsistent record" 1 "$WN" check $R/ms02.en.jsonl
expect_exit "check of a folder with one inconsistent record" 1 "$WN" check $R/ms02.zh.json $R/ms07.zh.jsonl
expect_exit "check of a missing file" 2 "$WN" check "$TMP/missing.json"
"$WN" check $R/ms07.zh.jsonl >"$TMP/check.out" 2>"$TMP/check.err"
check "check warns at file:line:col of the duration" grep -q \
  '^fixtures/seeds/002_soyuz-ms-07.zh.txt:18:21: warning: duration 168 d 5 h 18 m disagrees with landing - launch = 168 d 5 h 38 m (2017-12-17 07:21 UTC to 2018-06-03 12:59 UTC) by 1200 s \[duration_matches_launch_landing\]$' \
  "$TMP/check.err"
check "check prints a summary" grep -q '^1 record checked: 1 inconsistent, 1 consistent, 1 not applicable$' \
  "$TMP/check.out"
"$WN" check -f json $R/ms02.zh.json $R/ms02.en.jsonl >"$TMP/check.json" 2>/dev/null
check "check -f json is one JSON value" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["inconsistent"] == 1 and len(d["records"]) == 2
assert d["records"][1]["checks"][0]["delta"] == "81 s"' "$TMP/check.json"

[ "$T_FAILED" = 0 ]
