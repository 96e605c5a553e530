import type { FieldPath, Problem } from '../errors.js';
import type { Place, SrrId } from '../geo/index.js';
import { problemAt } from '../load/yaml-source.js';
import type { Readable } from './readable.js';
import type { Entity } from './rules.js';
import type { Incident } from './schemas.js';
import type { Position } from './values.js';

/** Where each incident's own position lies, derived once for the dossier, the report and the CSV. */
export type PlaceIndex = Map<Incident, Place>;

const REGION_NAMES: Record<SrrId, string> = {
  libya: 'Libya',
  malta: 'Malta',
  italy: 'Italy',
  tunisia: 'Tunisia',
  greece: 'Greece',
};

/** Every position an incident writes, with its field path: the incident's first, then its events'. */
export function positionsOf(incident: Readable<Incident>): { path: FieldPath; position: Position }[] {
  const found: { path: FieldPath; position: Position }[] = [];
  const own = incident.location?.position;
  if (own) found.push({ path: ['location', 'position'], position: own });
  if (incident.type === 'interception') {
    incident.interception?.violence?.forEach((v, i) => {
      if (v?.position) found.push({ path: ['interception', 'violence', i, 'position'], position: v.position });
    });
    incident.interception?.communications?.forEach((c, i) => {
      if (c?.position) found.push({ path: ['interception', 'communications', i, 'position'], position: c.position });
    });
  }
  return found;
}

/**
 * format.md: a written `sar_region` that is not among the regions a position lies in, and a
 * position on land, are warnings at the position's line. The geo data is loaded only when some
 * incident has a position; the place of each valid incident's own position is recorded in
 * `places`, when given.
 */
export async function placeRules(cases: { incidents: Entity<Incident>[] }[], places?: PlaceIndex): Promise<Problem[]> {
  const positioned = cases.flatMap((c) => c.incidents).filter((e) => e.readable && positionsOf(e.readable).length);
  if (positioned.length === 0) return [];
  const { placeOf, placeWarnings } = await import('../geo/index.js');
  const problems: Problem[] = [];
  for (const entity of positioned) {
    const incident = entity.readable!;
    const written = incident.location?.sar_region;
    for (const { path, position } of positionsOf(incident)) {
      let place: Pick<Place, 'regions' | 'onLand' | 'coast'>;
      if (places) {
        const found = placeOf(position);
        if (path.length === 2 && entity.value) places.set(entity.value, found);
        place = found;
      } else {
        place = placeWarnings(position);
      }
      const warn = (code: string, message: string) =>
        problems.push(problemAt(entity.source, [...entity.path, ...path], 'warning', code, message));
      if (place.onLand) {
        const c = place.coast;
        const coast = c ? `, ${c.distanceNm.toFixed(1)} nm from the coast of ${c.country}` : '';
        warn(
          'place.on-land',
          `the position ${plain(position)} lies on land${coast} (Natural Earth's 1:10m coastline): check it`,
        );
      }
      if (written && written !== 'other' && written !== 'unknown' && !place.regions.includes(written)) {
        warn('place.sar-region', regionsSentence(place.regions, written));
      }
    }
  }
  return problems;
}

/** "the position lies in the SAR regions of Libya and Malta, not italy" */
function regionsSentence(regions: SrrId[], written: string): string {
  if (regions.length === 0) {
    return (
      `the position lies in none of the SAR regions casebuilder knows (${Object.keys(REGION_NAMES).join(', ')}), ` +
      `not in ${written}: write other or unknown if it lies in another region`
    );
  }
  const names = regions.map((r) => REGION_NAMES[r]);
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
  return `the position lies in the SAR region${regions.length === 1 ? '' : 's'} of ${list}, not ${written}`;
}

function plain(p: Position): string {
  return `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}`;
}
