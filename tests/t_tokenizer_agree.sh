#!/usr/bin/env bash
# Agreement with an independent parser: tests/agree_mwph.py compares,
# template by template in document order (nested ones included), the
# name and the set of parameter names of wikinorm's tokenizer with
# mwparserfromhell's, and needs at least 99% to agree. Runs over every
# article of ../shared/corpus (when present) and ../shared/spaceflight-en,
# and always over the bundled fixtures/corpus sample. The classes of
# disagreement and the MediaWiki rule behind each are in tests/README.md.
# Under the sanitizers only the sample is compared (the code is the same).
source "$WN_ROOT/tests/lib.sh"
tool=$WN_ROOT/$WN_BUILD/tests/tool_templates
if [ ! -x "$tool" ]; then
  not_ok "tool_templates is built ($tool)"
  exit 1
fi
if ! "$PY" -c 'import mwparserfromhell' 2>/dev/null; then
  not_ok "$PY has mwparserfromhell (Debian: python3-mwparserfromhell)"
  exit 1
fi
agree() { "$PY" "$WN_ROOT/tests/agree_mwph.py" --tool "$tool" --min 99 --show 2 "$@" || T_FAILED=$((T_FAILED + 1)); }
agree --label fixtures/corpus "$WN_ROOT/fixtures/corpus"
if [ "${WN_SAN:-0}" != 1 ] && [ -n "$SHARED" ]; then
  agree --label ../shared/corpus "$SHARED/corpus/articles"
  [ -d "$SHARED/spaceflight-en" ] &&
    agree --label ../shared/spaceflight-en "$SHARED"/spaceflight-en/*.wiki "$SHARED"/seeds/*
fi
[ "$T_FAILED" = 0 ]
