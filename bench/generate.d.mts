export interface GenerateOptions {
  incidents?: number;
  perCase?: number;
  seed?: number;
  evidenceEvery?: number;
  paragraphs?: number;
}
export function generateRepository(dir: string, options?: GenerateOptions): { cases: number; incidents: number };
