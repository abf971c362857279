#!/usr/bin/env bash
# The spec example files (tests/spec/spec-*.txt): input, then the expected
# part of its record, one readable file per topic, run by one runner.
source "$WN_ROOT/tests/lib.sh"
$PY "$WN_ROOT/tests/spec_tests.py" "$WN" "$WN_ROOT"/tests/spec/spec-*.txt
