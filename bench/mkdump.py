#!/usr/bin/python3
"""Wraps articles into a MediaWiki XML export (schema 0.10), repeated
with distinct titles and ids until the file is at least MIN_BYTES.

    mkdump.py MANIFEST.tsv|- OUT.xml MIN_BYTES FILE...

Titles come from the manifest (file -> title) when given, else from the
file name. Copy k > 0 of an article is titled "<title> (k)". Text is
decoded as UTF-8 (invalid bytes become U+FFFD), characters that XML 1.0
forbids are dropped, and &, <, > are escaped.
"""
import os
import re
import sys

BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

HEADER = """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
xsi:schemaLocation="http://www.mediawiki.org/xml/export-0.10/ \
http://www.mediawiki.org/xml/export-0.10.xsd" version="0.10" xml:lang="en">
  <siteinfo>
    <sitename>Wikipedia</sitename>
    <dbname>enwiki</dbname>
    <base>https://en.wikipedia.org/wiki/Main_Page</base>
    <generator>MediaWiki 1.41.0-wmf.6 (wikinorm bench/mkdump.py)</generator>
    <case>first-letter</case>
    <namespaces>
      <namespace key="-2" case="first-letter">Media</namespace>
      <namespace key="-1" case="first-letter">Special</namespace>
      <namespace key="0" case="first-letter" />
      <namespace key="1" case="first-letter">Talk</namespace>
      <namespace key="2" case="first-letter">User</namespace>
      <namespace key="4" case="first-letter">Wikipedia</namespace>
      <namespace key="6" case="first-letter">File</namespace>
      <namespace key="10" case="first-letter">Template</namespace>
      <namespace key="14" case="first-letter">Category</namespace>
      <namespace key="828" case="first-letter">Module</namespace>
    </namespaces>
  </siteinfo>
"""

PAGE = """  <page>
    <title>{title}</title>
    <ns>0</ns>
    <id>{pid}</id>
    <revision>
      <id>{rid}</id>
      <parentid>{parent}</parentid>
      <timestamp>2023-05-01T00:00:00Z</timestamp>
      <contributor>
        <username>Bench</username>
        <id>1</id>
      </contributor>
      <comment>wikinorm benchmark copy {k}</comment>
      <model>wikitext</model>
      <format>text/x-wiki</format>
      <text bytes="{nbytes}" xml:space="preserve">{text}</text>
      <sha1 />
    </revision>
  </page>
"""


def esc(s):
    return BAD_XML.sub("", s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    manifest, out, min_bytes, files = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    titles = {}
    if manifest != "-" and os.path.exists(manifest):
        with open(manifest, encoding="utf-8") as f:
            for line in f.read().splitlines()[1:]:
                cols = line.split("\t")
                if len(cols) >= 4 and cols[3]:
                    titles[cols[0]] = cols[3]
    arts = []
    for path in files:
        base = os.path.basename(path)
        with open(path, "rb") as f:
            raw = f.read()
        title = titles.get(base) or re.sub(r"\.(wiki|txt)$", "", base).split("__", 1)[-1]
        title = title.replace("_", " ")
        arts.append((esc(title), esc(raw.decode("utf-8", errors="replace")), len(raw)))
    tmp = out + ".tmp"
    written = 0
    pid = rid = 0
    k = 0
    with open(tmp, "wb") as f:
        written += f.write(HEADER.encode("utf-8"))
        while written < min_bytes or k == 0:
            for title, text, nbytes in arts:
                pid += 1
                rid += 1
                t = title if k == 0 else f"{title} ({k})"
                page = PAGE.format(title=t, pid=pid, rid=1000000 + rid, parent=rid, k=k,
                                   nbytes=nbytes, text=text).encode("utf-8")
                written += f.write(page)
            k += 1
        f.write(b"</mediawiki>\n")
    os.replace(tmp, out)
    print(f"{out}: {pid} pages ({len(arts)} articles x {k}), {os.path.getsize(out)} bytes")


if __name__ == "__main__":
    main()
