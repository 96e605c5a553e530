// The same synthetic text for the reference tools as casebuilder's generated cases: seeded words.
import { prng } from './generate.mjs';

const WORDS =
  'boat rubber patrol rescue crew distress shots water night position vessel coast guard people board transfer sea wind swell life jackets engine fuel drift approach order radio quay harbour'.split(
    ' ',
  );
/** Sections of headings, paragraphs and a small table, about `pages` A4 pages of 10.5-point text. */
export function sections(pages, seed = 11) {
  const rand = prng(seed);
  const pick = () => WORDS[Math.floor(rand() * WORDS.length)];
  const sentence = () => {
    const w = Array.from({ length: 8 + Math.floor(rand() * 10) }, pick);
    return w[0][0].toUpperCase() + w.join(' ').slice(1) + '.';
  };
  const paragraph = () => Array.from({ length: 5 }, sentence).join(' ');
  return Array.from({ length: Math.round(pages * 1.85) }, (_, i) => ({
    title: `Section ${i + 1}`,
    paragraphs: [paragraph(), paragraph(), paragraph()],
    table: Array.from({ length: 6 }, (_, r) => [`2023-03-25 0${r}:00`, sentence(), pick()]),
  }));
}
