#!/usr/bin/env python3
"""data/record.schema.json describes exactly the fields of the mapping.

The field list lives in the mapping (data/*.map) alone; the JSON schema the
records are validated against must agree with it path for path and type for
type. Prints one TAP-style line per field path, either side.
"""
import json
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "."
schema = json.load(open(f"{root}/data/record.schema.json"))
defs = schema["$defs"]

# Mapping type -> the $defs entry its values are validated by.
TYPE_DEF = {
    "Text": "Text", "LangText": "LangText", "Entity": "Entity", "EntityList": "EntityList",
    "Mission": "Mission", "Timestamp": "Timestamp", "Duration": "Duration", "Mass": "Mass",
    "Length": "Length", "Angle": "Angle", "Period": "Period", "Integer": "Integer",
    "Cospar": "Cospar", "OrbitReference": "Enum", "OrbitRegime": "Enum", "CentralBody": "Enum",
    "Place": "Place", "CrewList": "CrewList", "Photo": "Photo",
}


def mapping_fields(path):
    """{family: {"list": parent list path or None, "fields": {path: type}}}"""
    fams, cur = {}, None
    for line in open(path, encoding="utf-8"):
        line = re.sub(r"(^|\s)#.*", "", line).strip()
        if not line:
            continue
        word, _, rest = line.partition(" ")
        if word == "family":
            cur = fams.setdefault(rest.strip(), {"list": None, "fields": {}})
        elif word == "list" and cur is not None:
            cur["list"] = rest.strip()
        elif word == "field" and cur is not None:
            p, t = rest.split()[:2]
            cur["fields"][p] = t
    return fams


def ref_name(node):
    return node.get("$ref", "").rsplit("/", 1)[-1]


def schema_leaves(node, prefix, out):
    """Leaf paths of a Fields-like object schema -> $defs name (or 'array:Def')."""
    for name, sub in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        if "$ref" in sub:
            out[path] = ref_name(sub)
        elif sub.get("type") == "array":
            out[path] = "array:" + ref_name(sub["items"])
        elif sub.get("type") == "object":
            schema_leaves(sub, path + ".", out)
    return out


fams = mapping_fields(f"{root}/data/spaceflight.map")
top = fams["spaceflight"]["fields"]
want = {}
for p, t in top.items():
    if t == "Caption" or "[]" in p:
        continue  # a Photo's caption half; flat keys of one list element
    want[p] = "array:?" if t == "List" else TYPE_DEF.get(t, "?" + t)
got = schema_leaves(defs["Fields"], "", {})
# A list field is validated by the $defs entry of its sub-family's elements.
for p, t in want.items():
    if t == "array:?" and p in got and got[p].startswith("array:"):
        want[p] = got[p]
        elem = defs[got[p][6:]]
        sub = [f for f in fams.values() if f["list"] == p]
        for f in sub:
            for q, qt in f["fields"].items():
                ok = ref_name(elem["properties"].get(q, {})) == TYPE_DEF.get(qt)
                print(("ok" if ok else "not ok") + f" - {p}[].{q} ({qt}) is in the schema as {TYPE_DEF.get(qt)}")
            for q in elem["properties"]:
                ok = q in f["fields"]
                print(("ok" if ok else "not ok") + f" - schema {p}[].{q} is a field of the mapping")
failed = 0
for p, t in want.items():
    ok = got.get(p) == t
    failed += not ok
    print(("ok" if ok else "not ok") + f" - mapping field {p} ({top[p]}) is in the schema as {t} (schema: {got.get(p)})")
for p in got:
    ok = p in want
    print(("ok" if ok else "not ok") + f" - schema field {p} is a field of the mapping")
