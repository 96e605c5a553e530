// Reads back the streamed attachments of a dossier without loading it: from the last
// cross-reference stream (the incremental update casebuilder appends), each object it lists
// whose dictionary is an embedded file; prints "<sha256> <bytes> object <n>" per object, then
// the attachment names the EmbeddedFiles tree gives them, as "<sha256> <name>" (qpdf lists them).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';

const file = process.argv[2];
const size = statSync(file).size;
const fd = openSync(file, 'r');
const read = (at, length) => {
  const buffer = Buffer.alloc(length);
  const n = readSync(fd, buffer, 0, length, at);
  return buffer.subarray(0, n).toString('latin1');
};
const start = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(read(Math.max(0, size - 64), 64))[1]);
const head = read(start, 4096);
const dict = /<<(.*?)>>\s*stream\r?\n/s.exec(head);
const index = /\/Index \[ ([\d ]+) \]/.exec(dict[1])[1].split(' ').map(Number);
const rows = Buffer.from(head.slice(dict.index + dict[0].length), 'latin1');
const found = new Map();
let row = 0;
for (let i = 0; i < index.length; i += 2)
  for (let k = 0; k < index[i + 1]; k++, row++) {
    const offset = Number(rows.readBigUInt64BE(row * 11 + 1));
    const object = read(offset, 2048);
    const m = /^(\d+) 0 obj\s*<<(.*?)>>\s*stream\n/s.exec(object);
    if (!m || !m[2].includes('/EmbeddedFile')) continue;
    const length = Number(/\/Length (\d+)/.exec(m[2])[1]);
    const from = offset + Buffer.byteLength(m[0], 'latin1');
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(file, { start: from, end: from + length - 1 })) hash.update(chunk);
    found.set(Number(m[1]), hash.digest('hex'));
    process.stdout.write(`${found.get(Number(m[1]))} ${length} object ${m[1]}\n`);
  }
closeSync(fd);
const listed = spawnSync('qpdf', ['--list-attachments', file], { encoding: 'utf8' });
for (const line of (listed.stdout ?? '').split('\n')) {
  const m = /^(.*) -> (\d+),0$/.exec(line.trim());
  if (m && found.has(Number(m[2]))) process.stdout.write(`${found.get(Number(m[2]))} ${m[1]}\n`);
}
