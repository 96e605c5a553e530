import type { ParseCache } from '../load/parse-cache.js';

/** Keys no absolute path can have, so verdicts and the build's other notes never meet. */
const PREFIX = 'verdict ';

/**
 * What MuPDF found inspecting each exhibit (see preparePdf, preparePhoto), kept in the parse cache
 * beside the dossiers by the SHA-256 of the bytes inspected: a case rebuilt for an edited incident
 * does not decode its unchanged photos and scans again. The ones made last are kept, up to `limit`.
 */
export interface VerdictStore {
  get(sha256: string): string | undefined;
  remember(found: Record<string, string>): void;
}

export function verdictStore(parse: ParseCache, limit = 10_000, maxBytes = 16 * 1024): VerdictStore {
  return {
    get: (sha256) => parse.extra.get(PREFIX + sha256),
    remember(found) {
      let added = false;
      for (const [sha256, verdict] of Object.entries(found)) {
        const key = PREFIX + sha256;
        // Taken up unchanged: nothing to write. A verdict that runs long (a damaged file's every
        // message) is not worth keeping: the file is inspected again.
        if (parse.extra.get(key) === verdict || verdict.length > maxBytes) continue;
        // Set at the end of the map's order: the oldest are the first ones let go.
        parse.setExtra(key, undefined);
        parse.setExtra(key, verdict);
        added = true;
      }
      // Counted only when one was added: a rebuild of unchanged exhibits walks nothing.
      if (!added) return;
      let over = [...parse.extra.keys()].filter((key) => key.startsWith(PREFIX)).length - limit;
      for (const key of parse.extra.keys()) {
        if (over <= 0) break;
        if (!key.startsWith(PREFIX)) continue;
        parse.setExtra(key, undefined);
        over--;
      }
    },
  };
}
