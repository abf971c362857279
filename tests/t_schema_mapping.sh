#!/usr/bin/env bash
# The field list comes from the mapping alone: data/record.schema.json, which
# every record is validated against, agrees with data/spaceflight.map.
source "$WN_ROOT/tests/lib.sh"
out=$($PY "$WN_ROOT/tests/schema_mapping.py" "$WN_ROOT")
echo "$out"
! grep -q '^not ok' <<<"$out"
