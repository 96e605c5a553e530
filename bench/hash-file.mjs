// casebuilder's evidence hashing, as the build uses it, on one file.
import { sha256File } from '../dist/load/evidence.js';
process.stdout.write(`${await sha256File(process.argv[2])}\n`);
