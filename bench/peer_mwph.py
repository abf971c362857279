#!/usr/bin/python3
"""Peer: mwparserfromhell (Debian python3-mwparserfromhell, C tokenizer).

    /usr/bin/python3 bench/peer_mwph.py FILE...

For each article: read it (UTF-8, invalid bytes replaced), parse it, walk
every template at every depth (name, every parameter's name and value as
text), and find the infobox templates (same rule as the other peers).
Prints one summary line; the harness times the whole process.
"""
import re
import sys
import time

import mwparserfromhell

# Infobox names: "Infobox …" and the local names used by the corpus
# languages (same regex in peer_wtf.js and peer_wpn.js).
INFOBOX = re.compile(
    r"^(infobox|info/|信息框|資訊框|基礎情報|картка|πληροφορίες|তথ্যছক|माहितीचौकट|տեղեկաքարտ|տվ)",
    re.IGNORECASE)


def main(files):
    docs = templates = infoboxes = params = 0
    nbytes = 0
    t0 = time.perf_counter()
    for path in files:
        with open(path, "rb") as f:
            raw = f.read()
        nbytes += len(raw)
        text = raw.decode("utf-8", errors="replace")
        code = mwparserfromhell.parse(text)
        docs += 1
        for t in code.ifilter_templates(recursive=True):
            templates += 1
            name = str(t.name).strip()
            for p in t.params:
                params += 1
                str(p.name).strip()
                str(p.value)
            if INFOBOX.match(name):
                infoboxes += 1
    secs = time.perf_counter() - t0
    print(f"docs={docs} templates={templates} infoboxes={infoboxes} params={params} "
          f"bytes={nbytes} secs={secs:.3f}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: peer_mwph.py FILE...")
    main(sys.argv[1:])
