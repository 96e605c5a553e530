import { fontLibrary } from '../pdf/fonts.js';
import type { CaseJob, CaseResult } from './case.js';
import { runCaseJob } from './render-case.js';

/** A piscina task: render and write one assembled case. The main thread has loaded and checked it. */
export default async function buildInWorker(job: CaseJob): Promise<CaseResult> {
  // The thread's fonts are parsed once, then shared by every case it builds.
  return runCaseJob(job, fontLibrary());
}
