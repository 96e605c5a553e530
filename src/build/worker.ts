import { FontLibrary } from '../pdf/fonts.js';
import type { CaseJob, CaseResult } from './case.js';
import { runCaseJob } from './render-case.js';

// One font library per worker thread: fonts are parsed once, then shared by every case it builds.
let fonts: FontLibrary | undefined;

/** A piscina task: render and write one assembled case. The main thread has loaded and checked it. */
export default async function buildInWorker(job: CaseJob): Promise<CaseResult> {
  fonts ??= new FontLibrary();
  return runCaseJob(job, fonts);
}
