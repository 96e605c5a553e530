import type { CheckedRepository } from '../check/repository.js';
import { byOccurrence, daysHeld } from '../check/measures.js';
import { textIn } from '../check/local-text.js';
import type { Incident } from '../check/schemas.js';
import type { Position } from '../check/values.js';

export interface Statistics {
  as_of: string;
  incidents: number;
  by_year: Record<string, { interception: number; detention: number; seizure: number }>;
  people: { on_board: number; rescued: number; intercepted: number; dead: number; missing: number; minors: number };
  violence: Record<string, number>;
  vessels: {
    id: string;
    name: string;
    detentions: number;
    seizures: number;
    days_held: number;
    fines: Record<string, number>;
  }[];
  seizures: Record<string, number>;
}

/** Figures across every case, for public documentation. Open detentions count to `today`. */
export function computeStatistics(repository: CheckedRepository, today: string): Statistics {
  const stats: Statistics = {
    as_of: today,
    incidents: 0,
    by_year: {},
    people: { on_board: 0, rescued: 0, intercepted: 0, dead: 0, missing: 0, minors: 0 },
    violence: {},
    vessels: [],
    seizures: {},
  };
  const vessels = new Map<string, Statistics['vessels'][number]>();
  const vessel = (id: string) => {
    let v = vessels.get(id);
    if (!v) {
      v = { id, name: repository.vessels.get(id)?.name ?? id, detentions: 0, seizures: 0, days_held: 0, fines: {} };
      vessels.set(id, v);
    }
    return v;
  };
  for (const { incident } of sortedIncidents(repository)) {
    stats.incidents++;
    const year = new Date(incident.occurred_at.epochMs).getUTCFullYear().toString();
    stats.by_year[year] ??= { interception: 0, detention: 0, seizure: 0 };
    stats.by_year[year][incident.type]++;
    for (const key of Object.keys(stats.people) as (keyof Statistics['people'])[])
      stats.people[key] += incident.people?.[key] ?? 0;
    if (incident.type === 'interception')
      for (const v of incident.interception.violence ?? []) stats.violence[v.kind] = (stats.violence[v.kind] ?? 0) + 1;
    if (incident.type === 'detention') {
      const d = incident.detention;
      const v = vessel(d.vessel);
      v.detentions++;
      v.days_held += daysHeld(incident, today)!.days;
      if (d.fine?.amount)
        v.fines[d.fine.amount.currency] = (v.fines[d.fine.amount.currency] ?? 0) + d.fine.amount.amount;
    }
    if (incident.type === 'seizure') {
      const s = incident.seizure;
      const v = vessel(s.vessel);
      v.seizures++;
      v.days_held += daysHeld(incident, today)!.days;
      stats.seizures[s.status] = (stats.seizures[s.status] ?? 0) + 1;
    }
  }
  stats.vessels = [...vessels.values()].sort((a, b) => b.days_held - a.days_held || (a.id < b.id ? -1 : 1));
  return stats;
}

/** Every incident with a position, for the report's map. */
export function mapPoints(repository: CheckedRepository): { type: Incident['type']; position: Position }[] {
  return sortedIncidents(repository).flatMap(({ incident }) =>
    incident.location.position ? [{ type: incident.type, position: incident.location.position as Position }] : [],
  );
}

export function sortedIncidents(repository: CheckedRepository) {
  return [...repository.incidents.values()].sort(byOccurrence);
}

/**
 * One row per incident, in the columns of the IOM Missing Migrants Project where they exist,
 * so the data joins public datasets; casebuilder's own columns follow.
 */
export const IOM_COLUMNS = [
  'Incident ID',
  'Incident Type',
  'Incident Date',
  'Reported Year',
  'Reported Month',
  'Region of Incident',
  'Number of Dead',
  'Minimum Estimated Number of Missing',
  'Total Number of Dead and Missing',
  'Number of Survivors',
  'Number of Children',
  'Migration Route',
  'Location Description',
  'Coordinates',
  'Information Source',
  'Case',
  'Number Intercepted',
  'Interception Outcome',
  'Returned To',
  'Violence',
  'Estimated Counts',
  // Derived from the coordinates (format.md, "Positions and places"): measured from the coastline.
  'SAR Regions',
  'Distance to Coast (nm)',
  'Nearest Coast',
  'Maritime Zone',
  'Gulf of Sirte',
];

const ZONES = { territorial: 'territorial_sea', contiguous: 'contiguous_zone', beyond: 'beyond_24_nm' } as const;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function incidentRows(repository: CheckedRepository): (string | number | null)[][] {
  return sortedIncidents(repository).map(({ incident, caseId }) => {
    const date = new Date(incident.occurred_at.epochMs);
    const p = incident.people ?? { estimates: {} };
    const dead = p.dead ?? null;
    const missing = p.missing ?? null;
    const survivors =
      p.rescued !== undefined || p.intercepted !== undefined ? (p.rescued ?? 0) + (p.intercepted ?? 0) : null;
    const position = incident.location.position as Position | undefined;
    const source = repository.cases.find((c) => c.id === caseId)?.case.client;
    const place = repository.places.get(incident);
    return [
      incident.id,
      incident.type,
      date.toISOString().slice(0, 10),
      date.getUTCFullYear(),
      MONTHS[date.getUTCMonth()]!,
      'Mediterranean',
      dead,
      missing,
      dead === null && missing === null ? null : (dead ?? 0) + (missing ?? 0),
      survivors,
      p.minors ?? null,
      'Central Mediterranean',
      textIn(incident.location.description, repository.config.locale),
      position ? `${position.lat.toFixed(5)}, ${position.lon.toFixed(5)}` : null,
      source ? (textIn(repository.organisations.get(source)?.name, repository.config.locale) ?? source) : null,
      caseId,
      p.intercepted ?? null,
      incident.type === 'interception' ? incident.interception.outcome : null,
      incident.type === 'interception' ? (incident.interception.returned_to ?? null) : null,
      incident.type === 'interception'
        ? (incident.interception.violence ?? []).map((v) => v.kind).join('; ') || null
        : null,
      // Estimates are exported as minimum figures, with how each was arrived at.
      Object.entries(p.estimates)
        .map(([key, how]) => `${key}: ${how}`)
        .join('; ') || null,
      place ? place.regions.join('; ') || 'none' : null,
      place?.coast ? Number(place.coast.distanceNm.toFixed(1)) : null,
      place?.coast?.country ?? null,
      place ? (place.onLand ? 'on_land' : place.zone ? ZONES[place.zone] : null) : null,
      place ? (place.gulfOfSirte ? 'yes' : 'no') : null,
    ];
  });
}
