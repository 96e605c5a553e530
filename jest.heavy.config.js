// The extended tier: builds of large generated repositories and real file systems (filing volumes of
// 38 MB, full and read-only disks, seals and PDF/A). `.ci/run` runs it after `npm test`, which
// stays under 90 seconds on a 2-core machine.
import base from './jest.config.js';

export default {
  ...base,
  testMatch: ['<rootDir>/test/heavy/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
