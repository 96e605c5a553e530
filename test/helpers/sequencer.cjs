// Runs the slowest test files first, so that Jest's two workers finish together: on a fresh clone
// Jest has no timings of its own and orders files by size, which left the end-to-end tests for last.
// Where Jest has timings, it keeps its own order among the rest.
const Sequencer = require('@jest/test-sequencer').default;

// Slowest first, as measured on the 2-core machine (6 to 15 s each).
const SLOW = [
  'cli/parse-cache',
  'e2e/bin',
  'cli/stamp',
  'cli/incremental',
  'cli/build-core',
  'cli/pages',
  'cli/build',
  'cli/public',
  'cli/maps',
  'cli/language',
];

class SlowestFirst extends Sequencer {
  async sort(tests) {
    const ordered = await super.sort(tests);
    const rank = (test) => {
      const at = SLOW.findIndex((name) => test.path.replaceAll('\\', '/').endsWith(`/test/${name}.test.ts`));
      return at < 0 ? SLOW.length : at;
    };
    return ordered
      .map((test, i) => ({ test, i }))
      .sort((a, b) => rank(a.test) - rank(b.test) || a.i - b.i)
      .map((x) => x.test);
  }
}

module.exports = SlowestFirst;
