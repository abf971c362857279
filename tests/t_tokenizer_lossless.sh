#!/usr/bin/env bash
# Lossless and well-formed trees on real articles: for every article of
# ../shared/corpus (when present), ../shared/spaceflight-en, the bundled
# fixtures/corpus sample and the seeds, tests/tool_tokcheck checks that
# the top-level spans rebuild the text byte for byte, that children lie
# inside their parents in order, the pre-order links, line and column of
# every node against a naive count, and that `parse` JSON is produced.
source "$WN_ROOT/tests/lib.sh"
tool=$WN_ROOT/$WN_BUILD/tests/tool_tokcheck
if [ ! -x "$tool" ]; then
  not_ok "tool_tokcheck is built ($tool)"
  exit 1
fi

# check_set LABEL FILE...: one TAP line for the whole set.
check_set() {
  local label=$1
  shift
  local out
  out=$("$tool" --json "$@" 2>&1)
  local rc=$?
  local summary=${out##*$'\n'}
  if [ $rc = 0 ]; then
    ok "$label: spans rebuild every file, trees well formed ($summary)"
  else
    not_ok "$label: lossless and well formed ($summary)"
    grep '^FAIL' <<<"$out" | head -20 | sed 's/^/#   /'
  fi
}

check_set "fixtures/corpus" "$WN_ROOT"/fixtures/corpus/*.wiki
check_set "fixtures/seeds" "$WN_ROOT"/fixtures/seeds/*
if [ -n "$SHARED" ]; then
  check_set "../shared/corpus" "$SHARED"/corpus/articles/*
  [ -d "$SHARED/spaceflight-en" ] && check_set "../shared/spaceflight-en" "$SHARED"/spaceflight-en/*.wiki
  check_set "../shared/seeds" "$SHARED"/seeds/*
else
  ok "../shared/corpus is absent: the bundled sample stands in # SKIP"
fi

# The manifest of the sample lists exactly its files, with their sizes.
manifest=$WN_ROOT/fixtures/corpus/MANIFEST.tsv
listed=$(tail -n +2 "$manifest" | cut -f1 | sort)
present=$(cd "$WN_ROOT/fixtures/corpus" && ls -- *.wiki | sort)
expect_eq "fixtures/corpus/MANIFEST.tsv lists every article" "$listed" "$present"
bad=$(awk -F'\t' 'NR > 1 { print $1 "\t" $6 }' "$manifest" | while IFS=$'\t' read -r f bytes; do
  [ "$(wc -c <"$WN_ROOT/fixtures/corpus/$f")" = "$bytes" ] || echo "$f"
done)
expect_eq "fixtures/corpus sizes match the manifest" "$bad" ""
langs=$(tail -n +2 "$manifest" | cut -f3 | sort -u | wc -l)
expect_eq "fixtures/corpus covers 12 languages" "$langs" 12
[ "$T_FAILED" = 0 ]
