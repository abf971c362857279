#!/usr/bin/env bash
# README.md stays true: its examples run and print what it says they print.
source "$WN_ROOT/tests/lib.sh"
cd "$WN_ROOT" || exit 1
$PY tests/readme_examples.py "$WN" README.md
