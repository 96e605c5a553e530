import { ParseSpeeds } from 'pdf-lib';

// pdf-lib yields to the event loop every 50 objects it writes and every 100 it reads, to keep a
// browser responsive; each yield waits for a timer, a millisecond or more. A CLI has nothing to
// yield to: a 2,306-page dossier spent 0.19 s idle in save(), and a large exhibit seconds in load().

/** How casebuilder saves with pdf-lib: object streams, no yielding. */
export const SAVE_OPTIONS = { useObjectStreams: true, objectsPerTick: Infinity } as const;

/** How casebuilder loads with pdf-lib: the file's metadata as it is, no yielding. */
export const LOAD_OPTIONS = { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest } as const;
