import { parentPort, workerData } from 'node:worker_threads';
import { HashCache } from '../load/hash-cache.js';
import { FontLibrary } from '../pdf/fonts.js';
import { openRepository } from '../pipeline.js';
import { buildCase, type BuildCaseOptions } from './build-case.js';

/** A build worker: loads the repository once (the main thread has checked it), then builds the cases it is sent. */
interface Setup {
  load: { cwd: string; casesDir?: string; config?: string; nowMs: number };
  options: BuildCaseOptions;
  hashes: ConstructorParameters<typeof HashCache>[0];
}

const setup = workerData as Setup;
const { repository } = await openRepository({ ...setup.load, verifyHashes: false });
const tools = { fonts: new FontLibrary(), hashes: new HashCache(setup.hashes) };
parentPort!.on('message', async (message: { case?: string; done?: boolean }) => {
  if (message.done) {
    parentPort!.postMessage({ hashes: tools.hashes.toJSON() });
    return;
  }
  try {
    parentPort!.postMessage({ result: await buildCase(repository, message.case!, setup.options, tools) });
  } catch (err) {
    parentPort!.postMessage({
      fault: { case: message.case, message: (err as Error).message, stack: (err as Error).stack },
    });
  }
});
parentPort!.postMessage({ ready: true });
