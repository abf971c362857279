#!/usr/bin/env bash
# Every article of ../shared/corpus (and fixtures/corpus when present) runs
# through the default command: no crash, no sanitizer report, exit 0, and
# any record it writes is valid. Most have no spaceflight infobox and give
# no record; they pass the cheap gate without being tokenized.
source "$WN_ROOT/tests/lib.sh"
cd "$WN_ROOT" || exit 1

files=()
[ -n "$SHARED" ] && [ -d "$SHARED/corpus/articles" ] && files+=("$SHARED"/corpus/articles/*)
[ -d fixtures/corpus ] && files+=(fixtures/corpus/*)
files+=(fixtures/seeds/* fixtures/zh/* fixtures/en/*)

start=$(date +%s.%N)
"$WN" -f jsonl "${files[@]}" >"$TMP/out.jsonl" 2>"$TMP/err"
rc=$?
secs=$(echo "$(date +%s.%N) - $start" | bc)
bytes=$(cat "${files[@]}" | wc -c)
echo "# ${#files[@]} documents, $bytes bytes, $(grep -c . "$TMP/out.jsonl") records, ${secs}s"
expect_eq "corpus: exit status" "$rc" 0
if grep -qE 'Sanitizer|runtime error:|LeakSanitizer' "$TMP/err"; then
  not_ok "corpus: sanitizer report"
  grep -E -m5 -A5 'Sanitizer|runtime error:' "$TMP/err" | sed 's/^/#   /'
else
  ok "corpus: no sanitizer report"
fi
check "corpus: no error diagnostics" bash -c "! grep -q ': error: ' '$TMP/err'"
if [ "$rc" != 0 ]; then
  # Find the documents that fail on their own.
  for f in "${files[@]}"; do
    "$WN" -f jsonl "$f" >/dev/null 2>&1 || echo "#   fails: $f"
  done | head -20
fi
$PY tests/validate_records.py "corpus records" "$TMP/out.jsonl"

# The same articles with a mapping that turns common templates (citations,
# other infoboxes) into candidates and common sections into "crew" tables:
# the finder and the record builder then run on nearly every page, and
# every record must still be valid.
cat >"$TMP/stress.map" <<'MAP'
family spaceflight
  template template_params en: Cite web | Cite news | Cite book | Citation | Reflist | Infobox settlement | Infobox country | Infobox person | Infobox officeholder | Infobox football biography | Infobox company | Taxobox | Convert | Lang | Sfn | Main | Coord | Flagicon | Infobox
  crew_section: References | External links | 参考资料 | 外部链接 | 参考文献 | Einzelnachweise | Literatur | Geschichte | History
  crew_column name: Name | Country | Year | Team | Club | Title | Land | Jahr
  crew_column role: Position | Rank | Pos.
MAP
"$WN" -f jsonl --mapping "$TMP/stress.map" "${files[@]}" >"$TMP/stress.jsonl" 2>"$TMP/stress.err"
expect_eq "stress mapping: exit status" "$?" 0
if grep -qE 'Sanitizer|runtime error:' "$TMP/stress.err"; then
  not_ok "stress mapping: sanitizer report"
  grep -E -m5 -A5 'Sanitizer|runtime error:' "$TMP/stress.err" | sed 's/^/#   /'
else
  ok "stress mapping: no sanitizer report"
fi
echo "# stress mapping: $(grep -c . "$TMP/stress.jsonl") records"
$PY tests/validate_records.py "stress records" "$TMP/stress.jsonl"

exit $((T_FAILED > 0))
