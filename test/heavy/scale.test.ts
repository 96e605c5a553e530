import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { generateRepository } from '../../bench/generate.mjs';
import { readPdf } from '../helpers/pdf.js';
import { emptyDir, run } from '../helpers/repo.js';

// About 300 pages: past the 512 content streams after which the writer deflates on a second
// thread, so the text read back here went through that thread.
describe('a case with 150 incidents', () => {
  it('builds, with every incident in the outline at the page where its section starts', async () => {
    const dir = emptyDir('scale');
    generateRepository(dir, { incidents: 150, perCase: 150, seed: 3 });
    const result = await run(dir, ['build', '--format', 'json']);
    expect(result.status).toBe(0);
    const pdf = await readPdf(path.join(dir, 'dossiers', 'case-00000.pdf'));
    const incidents = pdf.outline.find((e) => e.title === '3. Incidents')!.children;
    expect(incidents).toHaveLength(150);
    const pages = incidents.map((e) => e.page);
    expect([...pages].sort((a, b) => a - b)).toEqual(pages);
    for (const entry of incidents)
      expect(pdf.pages[entry.page - 1]!.replace(/\s+/g, ' ')).toContain(entry.title.slice(0, 20));
    expect(pdf.pageCount).toBeGreaterThan(150);
    expect(pdf.pages.at(-1)).toContain(`page ${pdf.pageCount} of ${pdf.pageCount}`);
    expect(JSON.parse(result.stdout).pages).toBe(pdf.pageCount);
  }, 120_000);
});
