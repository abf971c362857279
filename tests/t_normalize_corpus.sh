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

exit $((T_FAILED > 0))
