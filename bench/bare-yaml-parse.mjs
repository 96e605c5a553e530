// Reference for the validate workload: read every YAML file of a repository and yaml.parse it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

function walk(dir, out) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, out);
    else if (/\.ya?ml$/.test(e.name)) out.push(full);
  }
  return out;
}
let n = 0;
for (const file of walk(process.argv[2], [])) {
  parse(readFileSync(file, 'utf8'));
  n++;
}
process.stdout.write(`${n} files\n`);
