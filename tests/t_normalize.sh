#!/usr/bin/env bash
# Normalize (the default command): golden records of the three seeds,
# the variations of seed 000, schema validation of every record, output
# forms, --mapping files and their errors, and edge cases.
source "$WN_ROOT/tests/lib.sh"
cd "$WN_ROOT" || exit 1

# Until the real tokenizer lands (the stub gives one text node) there is
# nothing to find in wikitext.
if ! printf '{{a|b}}' | "$WN" parse -f jsonl 2>/dev/null | grep -qi 'template'; then
  ok "# SKIP the tokenizer is not ready"
  exit 0
fi
CMP="$PY tests/compare_records.py"
VALIDATE="$PY tests/validate_records.py"

# ---- golden records: normalize -f jsonl, compare whole records ----
for g in tests/golden/*.json; do
  base=$(basename "$g" .json)
  seed=fixtures/seeds/$base.txt
  "$WN" -f jsonl "$seed" >"$TMP/$base.jsonl" 2>"$TMP/$base.err"
  expect_eq "$base: exit status" "$?" 0
  expect_eq "$base: one record" "$(grep -c . "$TMP/$base.jsonl")" 1
  check "$base: equals tests/golden/$base.json" $CMP full "$TMP/$base.jsonl" "$g"
  expect_eq "$base: no diagnostics" "$(cat "$TMP/$base.err")" ""
done
$VALIDATE "golden files" tests/golden/*.json
$VALIDATE "seed records" "$TMP"/*.jsonl

# ---- variations of seed 000 give the seed's fields ----
for f in fixtures/zh/soyuz-ms-02.*.wiki; do
  name=$(basename "$f" .wiki)
  "$WN" -f jsonl "$f" >"$TMP/$name.jsonl" 2>"$TMP/$name.err"
  expect_eq "$name: exit status" "$?" 0
  check "$name: same fields as seed 000" $CMP fields "$TMP/$name.jsonl" \
    tests/golden/000_soyuz-ms-02.zh.json
  expect_eq "$name: no diagnostics" "$(cat "$TMP/$name.err")" ""
done
$VALIDATE "variation records" "$TMP"/soyuz-ms-02.*.jsonl

# CRLF: columns and raw text do not see the \r.
"$WN" -f jsonl fixtures/zh/soyuz-ms-02.crlf.wiki >"$TMP/crlf.jsonl"
got=$($PY -c 'import json,sys; r=json.load(sys.stdin); p=r["provenance"]["launch.time"]; print(p["line"], p["col"], p["raw"])' <"$TMP/crlf.jsonl")
expect_eq "crlf: provenance of launch.time" "$got" "6 21 2016年10月19日<br>08:05 UTC"
# The crew table is found under its CRLF heading, not by the no-heading fallback.
got=$($PY -c 'import json,sys; r=json.load(sys.stdin); print(r["provenance"]["crew.members"]["key"])' <"$TMP/crlf.jsonl")
expect_eq "crlf: the crew table comes from its 机组人员 section" "$got" "机组人员"
# Traditional keys keep their spelling in provenance and source.
"$WN" -f jsonl fixtures/zh/soyuz-ms-02.traditional.wiki >"$TMP/trad.jsonl"
got=$($PY -c 'import json,sys; r=json.load(sys.stdin); print(r["source"]["template"], r["provenance"]["launch.time"]["key"], r["provenance"]["crew.members"]["key"])' <"$TMP/trad.jsonl")
expect_eq "traditional: keys as written" "$got" "太空任務信息框 發射 機組人員"

# ---- output forms ----
"$WN" -f json fixtures/seeds/000_soyuz-ms-02.zh.txt >"$TMP/pretty.json"
check "pretty: same record as jsonl" $CMP full "$TMP/pretty.json" tests/golden/000_soyuz-ms-02.zh.json
expect_eq "pretty: two-space indentation" "$(sed -n 2p "$TMP/pretty.json")" '  "schema": "wikinorm/spaceflight/1",'
check "pretty: integers print as integers" grep -q '"seconds": 14958900,' "$TMP/pretty.json"
"$WN" -f jsonl fixtures/seeds/*.txt >"$TMP/all.jsonl"
expect_eq "jsonl: one line per record, in input order" \
  "$($PY -c 'import json,sys; print(" ".join(json.loads(l)["key"] for l in sys.stdin))' <"$TMP/all.jsonl")" \
  "soyuz-ms-02 soyuz-ms-02 soyuz-ms-07"
"$WN" -f jsonl fixtures/seeds/*.txt >"$TMP/all2.jsonl"
check "deterministic: two runs give the same bytes" cmp -s "$TMP/all.jsonl" "$TMP/all2.jsonl"
"$WN" -f jsonl <fixtures/seeds/002_soyuz-ms-07.zh.txt >"$TMP/stdin.jsonl"
check "stdin: same fields" $CMP fields "$TMP/stdin.jsonl" tests/golden/002_soyuz-ms-07.zh.json

# ---- documents without a spaceflight infobox ----
printf 'Plain prose about spaceflight and the Infobox spaceflight template.\n' >"$TMP/prose.wiki"
printf '{{Infobox person\n| name = Yuri Gagarin\n| birth_date = 1934\n}}\n' >"$TMP/person.wiki"
: >"$TMP/empty.wiki"
for f in prose person empty; do
  "$WN" -f jsonl "$TMP/$f.wiki" >"$TMP/$f.out" 2>"$TMP/$f.err"
  expect_eq "no infobox ($f): exit 0" "$?" 0
  expect_eq "no infobox ($f): no record" "$(cat "$TMP/$f.out")" ""
done

# ---- two infoboxes in one document: two records, document order ----
{
  printf '{{Infobox spaceflight\n| name = Soyuz T-10\n| launch_date = 8 February 1984, 12:07:26 UTC\n}}\n'
  printf 'Text.\n{{Infobox spaceflight\n| name = Soyuz T-11\n| crew_size = 3\n}}\n'
} >"$TMP/two.wiki"
"$WN" -f jsonl "$TMP/two.wiki" >"$TMP/two.jsonl"
expect_eq "two infoboxes: two records" \
  "$($PY -c 'import json,sys; print(" ".join(json.loads(l)["key"] for l in sys.stdin))' <"$TMP/two.jsonl")" \
  "soyuz-t-10 soyuz-t-11"

# ---- warnings: in the record and on stderr as file:line:col ----
printf '{{Infobox spaceflight\n| name = Test 1\n| launch_date = sometime soon\n| crew_size = 2\n| crew_size = 3\n}}\n' >"$TMP/warn.wiki"
"$WN" -f jsonl "$TMP/warn.wiki" >"$TMP/warn.jsonl" 2>"$TMP/warn.err"
expect_eq "warnings: exit 0" "$?" 0
got=$($PY -c '
import json,sys
r=json.load(sys.stdin)
print(r["fields"]["launch"]["time"], r["fields"]["crew"]["size"], [(w["path"], w["line"], w["col"]) for w in r["warnings"]])' <"$TMP/warn.jsonl")
expect_eq "warnings: unparsed kept as text, last duplicate wins" "$got" \
  "{'text': 'sometime soon'} 3 [('launch.time', 3, 17), ('crew.size', 5, 15)]"
check "warnings: stderr names file:line:col" grep -q "^$TMP/warn.wiki:3:17: warning: launch.time" "$TMP/warn.err"
$VALIDATE "warning records" "$TMP/warn.jsonl" "$TMP/two.jsonl"

# A name the lexicon cannot turn into English: no key, a warning, still valid.
printf '{{太空任务信息框\n| 任务名称 = 蓝天一号\n| 圈数 = 12\n}}\n' >"$TMP/unkeyed.wiki"
"$WN" -f jsonl "$TMP/unkeyed.wiki" >"$TMP/unkeyed.jsonl" 2>"$TMP/unkeyed.err"
expect_eq "unknown name: no key, designation kept, warned" \
  "$($PY -c 'import json,sys; r=json.load(sys.stdin); print(r["key"], r["designation"], r["fields"]["orbits_completed"], [w["path"] for w in r["warnings"]])' <"$TMP/unkeyed.jsonl")" \
  "None 蓝天一号 12 ['name']"
check "unknown name: warning on stderr" grep -q "unkeyed.wiki:1:1: warning: name" "$TMP/unkeyed.err"
$VALIDATE "unkeyed record" "$TMP/unkeyed.jsonl"

# ---- --mapping: additions and overrides ----
cat >"$TMP/extra.map" <<'EOF'
# 徽章大小 becomes a field; 呼号 no longer feeds crew.callsign.
family spaceflight
  field insignia_size Text
    zh: 徽章大小
  unmap: 呼号
EOF
"$WN" -f jsonl --mapping "$TMP/extra.map" fixtures/seeds/000_soyuz-ms-02.zh.txt >"$TMP/map.jsonl" 2>"$TMP/map.err"
expect_eq "--mapping: exit 0" "$?" 0
got=$($PY -c '
import json,sys
r=json.load(sys.stdin)
print(r["fields"].get("insignia_size"), "callsign" in r["fields"]["crew"], r["extra"])' <"$TMP/map.jsonl")
expect_eq "--mapping: adds a field and unmaps a key" "$got" "200px False {'呼号': 'Favor'}"
cat >"$TMP/newbox.map" <<'EOF'
family spaceflight
  template template_params en: Infobox crewed mission
EOF
printf '{{infobox_crewed  mission\n| name = Soyuz MS-02\n| launch_date = 19 October 2016, 08:05:00 UTC\n}}\n' >"$TMP/newbox.wiki"
"$WN" -f jsonl --mapping "$TMP/newbox.map" "$TMP/newbox.wiki" >"$TMP/newbox.jsonl"
expect_eq "--mapping: a new template name (first letter, '_' and spaces folded)" \
  "$($PY -c 'import json,sys; r=json.load(sys.stdin); print(r["key"], r["fields"]["launch"]["time"]["utc"])' <"$TMP/newbox.jsonl")" \
  "soyuz-ms-02 2016-10-19T08:05:00Z"

# ---- mapping errors: file:line:col, exit 2 ----
printf 'family spaceflight\n  field launch.time Timestmp\n' >"$TMP/bad1.map"
printf 'field name Text\n' >"$TMP/bad2.map"
printf 'family spaceflight\n  bogus directive\n' >"$TMP/bad3.map"
printf 'family spaceflight\n  template klingon_params en: Foo\n' >"$TMP/bad4.map"
"$WN" --mapping "$TMP/bad1.map" fixtures/seeds/000_soyuz-ms-02.zh.txt >/dev/null 2>"$TMP/bad1.err"
expect_eq "bad mapping: exit 2" "$?" 2
check "bad mapping: unknown type at file:line:col" \
  grep -q "^$TMP/bad1.map:2:21: error: unknown value type 'Timestmp'" "$TMP/bad1.err"
"$WN" --mapping "$TMP/bad2.map" </dev/null >/dev/null 2>"$TMP/bad2.err"
check "bad mapping: field before family" grep -q "^$TMP/bad2.map:1:1: error: no 'family'" "$TMP/bad2.err"
"$WN" --mapping "$TMP/bad3.map" </dev/null >/dev/null 2>"$TMP/bad3.err"
check "bad mapping: unknown directive" grep -q "^$TMP/bad3.map:2:3: error: unknown directive 'bogus'" "$TMP/bad3.err"
"$WN" --mapping "$TMP/bad4.map" </dev/null >/dev/null 2>"$TMP/bad4.err"
check "bad mapping: unknown vocabulary" grep -q "^$TMP/bad4.map:2:12: error: unknown vocabulary" "$TMP/bad4.err"
printf 'family spaceflight\n  field launch Text\n    param: launch\n' >"$TMP/bad6.map"
"$WN" --mapping "$TMP/bad6.map" </dev/null >/dev/null 2>"$TMP/bad6.err"
check "bad mapping: a field that would hold fields" \
  grep -q "^$TMP/bad6.map:2:9: error: field 'launch' cannot also hold field 'launch.time'" "$TMP/bad6.err"
printf 'family rocket\n  field a Text\n' >"$TMP/bad7.map"
"$WN" --mapping "$TMP/bad7.map" </dev/null >/dev/null 2>"$TMP/bad7.err"
check "bad mapping: a family without a template" \
  grep -q "^$TMP/bad7.map:1:8: error: family 'rocket' has no template" "$TMP/bad7.err"
"$WN" --mapping "$TMP/missing.map" </dev/null >/dev/null 2>"$TMP/bad5.err"
expect_eq "missing mapping file: exit 2" "$?" 2
check "missing mapping file: named" grep -q "missing.map" "$TMP/bad5.err"

exit $((T_FAILED > 0))
