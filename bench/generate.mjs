#!/usr/bin/env node
// Seeded generator of synthetic case repositories, for the benchmark and for scale tests.
// usage: node bench/generate.mjs --incidents 2000 [--per-case 20] [--seed 1] --out DIR
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** mulberry32: small, fast and the same on every machine. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'boat rubber patrol rescue crew distress shots water night position vessel coast guard people board transfer sea wind swell life jackets engine fuel drift approach order radio quay harbour'.split(
    ' ',
  );
const PORTS = ['Lampedusa', 'Pozzallo', 'Porto Empedocle', 'Augusta', 'Trapani', 'Catania', 'Ancona', 'Ravenna'];
const DEPARTURES = ['Zuwara', 'Sabratha', 'Garabulli', 'Tobruk', 'Zawiya'];

function imo(rand) {
  const six = String(100000 + Math.floor(rand() * 899999));
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += Number(six[i]) * (7 - i);
  return six + (sum % 10);
}

export function generateRepository(
  dir,
  { incidents = 2000, perCase = 20, seed = 1, evidenceEvery = 4, paragraphs = 2 } = {},
) {
  const rand = prng(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const sentence = (n) => {
    const words = Array.from({ length: n }, () => pick(WORDS));
    return words[0][0].toUpperCase() + words.join(' ').slice(1) + '.';
  };
  const para = () =>
    Array.from({ length: 4 + Math.floor(rand() * 4) }, () => sentence(8 + Math.floor(rand() * 10))).join(' ');
  const vesselCount = Math.max(2, Math.ceil(incidents / 100));
  const casesDir = path.join(dir, 'cases');
  mkdirSync(casesDir, { recursive: true });
  writeFileSync(path.join(dir, 'casebuilder.yaml'), 'timezone: Europe/Rome\nbates_prefix: GB\n');
  const vessels = Array.from(
    { length: vesselCount },
    (_, i) =>
      `  - id: vessel-${i}\n    name: MV Vessel ${i}\n    imo: "${imo(rand)}"\n    flag: DE\n    operator: ngo-${i % 5}\n`,
  );
  const orgs = Array.from(
    { length: 5 },
    (_, i) => `  - id: ngo-${i}\n    name: NGO ${i} e.V.\n    kind: ngo\n    country: DE\n`,
  );
  writeFileSync(
    path.join(casesDir, 'registry.yaml'),
    `vessels:\n${vessels.join('')}organisations:\n${orgs.join('')}  - id: lcg\n    name: Libyan Coast Guard\n    kind: coastguard\n    country: LY\nreferences:\n  - id: unclos-98\n    citation: UNCLOS, art. 98\n    title: Duty to render assistance\n    kind: treaty\n`,
  );
  const caseCount = Math.ceil(incidents / perCase);
  let n = 0;
  for (let c = 0; c < caseCount; c++) {
    const caseId = `case-${String(c).padStart(5, '0')}`;
    const caseDir = path.join(casesDir, caseId);
    mkdirSync(path.join(caseDir, 'incidents'), { recursive: true });
    const vessel = `vessel-${c % vesselCount}`;
    writeFileSync(
      path.join(caseDir, 'case.yaml'),
      `id: ${caseId}\ntitle: Case ${c} of MV Vessel ${c % vesselCount}\nmatter: detention_challenge\ncourt: { name: Tribunale di Agrigento, country: IT }\nclient: ngo-${c % 5}\nvessel: ${vessel}\nconfidentiality: confidential\nprepared_on: 2024-01-15\nreferences: [unclos-98]\nsummary: |\n  ${para()}\n`,
    );
    for (let k = 0; k < perCase && n < incidents; k++, n++) {
      const day = new Date(Date.UTC(2018, 0, 1) + Math.floor(rand() * 6 * 365) * 86400000);
      const date = day.toISOString().slice(0, 10);
      const type = ['interception', 'interception', 'detention', 'seizure'][n % 4];
      const id = `${date}-${type}-${n}`;
      let evidence = '';
      if (n % evidenceEvery === 0) {
        const bytes = Buffer.from(`evidence ${n} ${sentence(6)}\n`);
        mkdirSync(path.join(caseDir, 'evidence'), { recursive: true });
        writeFileSync(path.join(caseDir, 'evidence', `${id}.txt`), bytes);
        evidence = `evidence:\n  - id: E1\n    file: evidence/${id}.txt\n    kind: log\n    description: ${sentence(5)}\n    sha256: ${createHash('sha256').update(bytes).digest('hex')}\n`;
      }
      const summary = Array.from({ length: paragraphs }, para).join('\n\n  ');
      const common = `id: ${id}\ntype: ${type}\ntitle: ${sentence(6).slice(0, -1)}\noccurred_at: ${date}T0${Math.floor(rand() * 9)}:${String(Math.floor(rand() * 60)).padStart(2, '0')}:00Z\nsummary: |\n  ${summary}\n${evidence}`;
      let block;
      if (type === 'interception') {
        const lat = (33.05 + rand() * 1.25).toFixed(4); // at sea, in the Libyan SRR
        const lon = (12 + rand() * 2.5).toFixed(4);
        const onBoard = 20 + Math.floor(rand() * 80);
        block = `location:\n  position: { lat: ${lat}, lon: ${lon} }\n  description: North of ${pick(DEPARTURES)}\n  sar_region: libya\npeople:\n  on_board: ${onBoard}\n  intercepted: ${onBoard - 2}\n  missing: 2\ninterception:\n  authority: lcg\n  boat: rubber\n  departed_from: ${pick(DEPARTURES)}\n  outcome: pulled_back\n  violence:\n    - at: ${date}T10:00:00Z\n      kind: shots_fired\n      against: rescue_crew\n      description: ${sentence(7)}\n  communications:\n    - at: ${date}T09:00:00Z\n      from: ${vessel}\n      to: MRCC Rome\n      channel: email\n      answered: false\n`;
      } else if (type === 'detention') {
        const end = new Date(day.getTime() + 20 * 86400000).toISOString().slice(0, 10);
        block = `location:\n  description: ${pick(PORTS)}\ndetention:\n  vessel: ${vessel}\n  kind: administrative\n  port: ${pick(PORTS)}\n  authority: Prefecture\n  start: ${date}\n  end: ${end}\n  ordered_days: 20\n  fine:\n    amount: { amount: ${2000 + Math.floor(rand() * 8000)}, currency: EUR }\n  appeal:\n    status: filed\n`;
      } else {
        block = `location:\n  description: ${pick(PORTS)}\nseizure:\n  vessel: ${vessel}\n  ordered_by: Public Prosecutor\n  seized_at: ${date}\n  status: seized\n`;
      }
      writeFileSync(path.join(caseDir, 'incidents', `${id}.yaml`), common + block);
    }
  }
  return { cases: caseCount, incidents: n };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const out = arg('out');
  if (!out) {
    process.stderr.write('usage: node bench/generate.mjs --incidents N [--per-case N] [--seed N] --out DIR\n');
    process.exit(2);
  }
  const result = generateRepository(path.resolve(out), {
    incidents: Number(arg('incidents', 2000)),
    perCase: Number(arg('per-case', 20)),
    seed: Number(arg('seed', 1)),
  });
  process.stdout.write(`${result.incidents} incidents in ${result.cases} cases at ${out}\n`);
}
