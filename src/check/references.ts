/** What a case cites: its own `references`, and the legal basis its detentions name. */
interface Citing {
  references?: readonly string[];
}
interface MaybeDetention {
  type: string;
  detention?: { legal_basis?: readonly string[] };
}

/**
 * The legal references a case's dossier prints, in its order: the case's own, then each
 * detention's legal basis not already cited. Ids the registry lacks are left for the caller.
 */
export function citedReferences(kase: Citing, incidents: readonly (MaybeDetention | undefined)[]): string[] {
  const ids = [...(kase.references ?? [])];
  for (const incident of incidents)
    if (incident?.type === 'detention')
      for (const basis of incident.detention?.legal_basis ?? []) if (!ids.includes(basis)) ids.push(basis);
  return ids;
}
