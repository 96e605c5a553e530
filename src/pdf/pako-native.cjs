'use strict';
// Stands in for pdf-lib's pako wherever casebuilder runs: in its bundle (scripts/bundle.mjs) and in
// the tests (test/helpers/resolver.cjs), so both write the same bytes. pako is zlib in JavaScript, and
// pdf-lib compresses its object streams and embedded fonts with it; Node's own zlib makes the same
// format at the same level (6) in a third of the time (0.2 s of a 2,306-page dossier). Anything
// but a plain deflate (inflate, raw or gzip streams, other window sizes) is left to pako.
const pako = require('pako/index.js');
const { deflateSync } = require('node:zlib');

function deflate(data, options) {
  if (options && Object.keys(options).some((key) => key !== 'level')) return pako.deflate(data, options);
  const level = options && options.level !== undefined ? { level: options.level } : {};
  // Copied out: a small result is a view of one of zlib's 16 KiB buffers.
  return new Uint8Array(deflateSync(data, level));
}

module.exports = { ...pako, deflate };
