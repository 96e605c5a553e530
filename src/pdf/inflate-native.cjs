'use strict';
// Stands in for tiny-inflate in casebuilder's bundle (scripts/bundle.mjs). fontkit and linebreak
// inflate their Unicode tables with it when their modules load: tiny-inflate is DEFLATE in
// JavaScript, and that cold code took about 36 ms of every process that lays out a page. Node's
// zlib inflates the same raw DEFLATE stream to the same bytes (a stream has one decoding). Anything
// zlib refuses, or that would not fit, is left to tiny-inflate, which says so as it always has.
const { inflateRawSync } = require('node:zlib');

function withNative(fallback) {
  return function inflate(source, dest) {
    let out;
    try {
      out = inflateRawSync(source);
    } catch {
      return fallback(source, dest);
    }
    if (out.length > dest.length) return fallback(source, dest);
    dest.set(out);
    // As tiny-inflate does when the data is shorter than the room given.
    return out.length < dest.length ? dest.slice(0, out.length) : dest;
  };
}

module.exports = withNative(require('tiny-inflate/index.js'));
module.exports.withNative = withNative;
