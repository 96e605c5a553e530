import { z } from './zod.js';
import { VERSION } from '../version.js';
import {
  CaseSchema,
  ConfigSchema,
  DetentionSchema,
  IncidentSchema,
  InterceptionSchema,
  RegistrySchema,
  SeizureSchema,
} from './schemas.js';

/** The JSON Schema files `casebuilder schema` writes, by file name; derived from the zod schemas. */
export function jsonSchemas(): Record<string, object> {
  const files: Record<string, [z.ZodType, string]> = {
    'casebuilder.schema.json': [ConfigSchema, 'casebuilder.yaml: repository settings'],
    'registry.schema.json': [RegistrySchema, 'cases/registry.yaml: vessels, organisations and legal references'],
    'case.schema.json': [CaseSchema, 'cases/<id>/case.yaml: the matter a dossier serves'],
    'incident.schema.json': [IncidentSchema, 'cases/<id>/incidents/*.yaml: one incident of any type'],
    'interception.schema.json': [InterceptionSchema, 'an interception incident'],
    'detention.schema.json': [DetentionSchema, 'a detention incident'],
    'seizure.schema.json': [SeizureSchema, 'a seizure incident'],
  };
  return Object.fromEntries(
    Object.entries(files).map(([name, [schema, title]]) => {
      // What a file may contain as written, before casebuilder parses times and positions.
      const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as Record<
        string,
        unknown
      >;
      return [
        name,
        {
          ...json,
          $id: `https://casebuilder.invalid/schema/${VERSION}/${name}`,
          title: `casebuilder ${VERSION}: ${title}`,
        },
      ];
    }),
  );
}
