import path from 'node:path';
import type { CheckedIncident, CheckedRepository } from '../check/repository.js';
import type { Problem } from '../errors.js';
import { diskEvidenceProbe } from '../load/evidence.js';
import { ExhibitFileError, readExhibitContent } from '../load/exhibit-content.js';
import { problemAt } from '../load/yaml-source.js';
import { messages } from '../i18n/locales.js';
import { shownReason } from '../render/sections.js';
import { exhibitPreparer } from './dossier.js';

/**
 * `validate --deep`: every evidence file of the selected cases opened as the dossier would open
 * it (every PDF stream and every photo decoded, the pages copied as a merge copies them), and
 * what cannot be shown faithfully reported at the evidence item's line: an error for what a
 * build would refuse, a warning for what it would show from a copy or could not carry.
 * Files that validate already reported (missing, outside the case) are left to it.
 */
export async function deepProblems(repository: CheckedRepository, selected: readonly string[]): Promise<Problem[]> {
  const probe = diskEvidenceProbe();
  const english = messages('en');
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const incident of incidentsOf(repository, selected)) {
    for (const [i, evidence] of (incident.incident.evidence ?? []).entries()) {
      const facts = probe.inspect(incident.caseDir, evidence.file);
      if (facts.kind !== 'file' || seen.has(facts.path)) continue;
      seen.add(facts.path);
      const at = (severity: 'error' | 'warning', code: string, message: string, technical?: string): void => {
        const problem = problemAt(incident.source, ['evidence', i, 'file'], severity, code, message);
        problems.push(technical ? { ...problem, technical } : problem);
      };
      const name = `exhibit "${evidence.file}"`;
      try {
        const content = readExhibitContent(facts.path);
        if (content.kind !== 'pdf' && content.kind !== 'image') continue;
        const { preparePdf, preparePhoto } = await exhibitPreparer();
        const ready =
          content.kind === 'pdf' ? await preparePdf(content.bytes) : preparePhoto(content.bytes, content.format);
        if (ready.changes.length > 0) {
          const shown = {
            sha256: '',
            changes: ready.changes,
            damagedPages: 'damagedPages' in ready ? ready.damagedPages : [],
            ...('bitsPerComponent' in ready ? { bits: ready.bitsPerComponent } : {}),
          };
          const attachment = content.kind === 'image' ? path.basename(evidence.file) : undefined;
          at('warning', 'exhibit.copy', `${name}: shown from a copy: ${shownReason(english, shown, attachment)}`);
        }
        for (const note of ready.warnings) at('warning', 'exhibit.not-faithful', `${name}: ${note.message}`);
      } catch (err) {
        if (!(err instanceof ExhibitFileError) && !(err as NodeJS.ErrnoException).code) throw err;
        const technical = err instanceof ExhibitFileError ? err.technical : undefined;
        at('error', 'exhibit.unusable', `${name}: ${(err as Error).message}`, technical);
      }
    }
  }
  return problems;
}

/** The incidents the selected cases' dossiers show: their own and those they pull in, each once. */
function incidentsOf(repository: CheckedRepository, selected: readonly string[]): CheckedIncident[] {
  const out = new Map<string, CheckedIncident>();
  for (const id of selected) {
    const checked = repository.cases.find((c) => c.id === id);
    if (!checked) continue;
    for (const incident of checked.incidents) out.set(incident.incident.id, incident);
    for (const ref of checked.case.incidents ?? []) {
      const found = repository.incidents.get(ref.split('/')[1] ?? '');
      if (found) out.set(found.incident.id, found);
    }
  }
  return [...out.values()];
}
