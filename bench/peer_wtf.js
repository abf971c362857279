#!/usr/bin/env node
// Peer: wtf_wikipedia (npm, version pinned in bench/package.json).
//
//     node bench/peer_wtf.js FILE...
//
// For each article: read it, parse it with wtf(), walk every template it
// reports (its JSON: name and parameters), and walk every infobox (its
// key/value JSON). wtf() parses the whole article (sections, sentences,
// links, tables, references) and has no way to stop at the templates;
// that is the cost of using it for this job. Prints one summary line.
'use strict';
const fs = require('fs');
const wtf = require('wtf_wikipedia');

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: peer_wtf.js FILE...');
  process.exit(2);
}
let docs = 0, templates = 0, infoboxes = 0, params = 0, bytes = 0;
const t0 = process.hrtime.bigint();
for (const path of files) {
  const raw = fs.readFileSync(path);
  bytes += raw.length;
  const doc = wtf(raw.toString('utf8'));
  docs++;
  for (const t of doc.templates()) {
    templates++;
    const j = t.json();
    params += Object.keys(j).length - 1;
  }
  for (const ib of doc.infoboxes()) {
    infoboxes++;
    ib.type();
    ib.json();
  }
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`docs=${docs} templates=${templates} infoboxes=${infoboxes} params=${params} ` +
  `bytes=${bytes} secs=${secs.toFixed(3)}`);
