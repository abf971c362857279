#!/usr/bin/env node
// Peer: wikiparser-node (npm, version pinned in bench/package.json).
//
//     node bench/peer_wpn.js FILE...
//
// For each article: read it, Parser.parse() it into a token tree, walk
// every template at every depth (querySelectorAll('template'): name, every
// parameter's name and value), and find the infobox templates (same rule
// as peer_mwph.py). Default site config. Prints one summary line.
'use strict';
const fs = require('fs');
const Parser = require('wikiparser-node');

// Same rule as peer_mwph.py, on the name without its namespace prefix.
const INFOBOX = /^(infobox|info\/|信息框|資訊框|基礎情報|картка|πληροφορίες|তথ্যছক|माहितीचौकट|տեղեկաքարտ|տվ)/i;

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: peer_wpn.js FILE...');
  process.exit(2);
}
let docs = 0, templates = 0, infoboxes = 0, params = 0, bytes = 0;
const t0 = process.hrtime.bigint();
for (const path of files) {
  const raw = fs.readFileSync(path);
  bytes += raw.length;
  const root = Parser.parse(raw.toString('utf8'));
  docs++;
  for (const t of root.querySelectorAll('template')) {
    templates++;
    for (const a of t.getAllArgs()) {
      params++;
      a.name;
      a.getValue();
    }
    const name = t.name.replace(/^[^:]*:/, '').replace(/_/g, ' ');
    if (INFOBOX.test(name)) infoboxes++;
  }
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`docs=${docs} templates=${templates} infoboxes=${infoboxes} params=${params} ` +
  `bytes=${bytes} secs=${secs.toFixed(3)}`);
