/**
 * The solution model (shared/design/solution-model.md): the native API's fields, as kept in the
 * store and sent by GET /api/v1/solutions/:id. schemas/solution.schema.json fixes their shape.
 */
export type Maturity = 'idea' | 'pilot' | 'in-use' | 'scaled' | 'retired';
export type AdoptionStatus = 'planned' | 'piloting' | 'in-use' | 'abandoned';
export type Direction = 'lower-is-better' | 'higher-is-better' | 'neutral';

export const MATURITIES: readonly Maturity[] = ['idea', 'pilot', 'in-use', 'scaled', 'retired'];
export const ADOPTION_STATUSES: readonly AdoptionStatus[] = ['planned', 'piloting', 'in-use', 'abandoned'];
export const SECTORS = ['employment', 'health', 'elder-care', 'social-services', 'children-and-families', 'education', 'culture', 'environment', 'infrastructure', 'administration', 'digital', 'other'] as const;

export interface Result {
  metric: string;
  value: number;
  unit?: string;
  baseline?: number;
  target?: number;
  direction?: Direction;
  period?: string;
  sampleSize?: number;
  method?: string;
  source?: string;
}

export interface Translation {
  title?: string;
  summary?: string;
  problem?: string;
  approach?: string;
  evidence?: string;
}

export interface Contact { name: string; role?: string; email?: string; actor?: string }
export interface Link { href: string; title: string; rel?: string }
export interface Attachment { url: string; mediaType: string; name: string }
export interface Costs { amount: number; currency: string; period?: string; note?: string }

/** The client-set fields (POST body after validation). */
export interface SolutionFields {
  title: string;
  summary: string;
  problem: string;
  approach: string;
  language: string;
  results?: Result[];
  evidence?: string;
  maturity?: Maturity;
  sectors?: string[];
  tags?: string[];
  targetGroups?: string[];
  translations?: Record<string, Translation>;
  resources?: string;
  costs?: Costs;
  contacts?: Contact[];
  licence?: string;
  links?: Link[];
  attachments?: Attachment[];
  relatedTo?: string[];
  startedAt?: string;
}

/** Every client-set field name, in the order the API and the wire list them. */
export const FIELD_NAMES: ReadonlyArray<keyof SolutionFields> = [
  'title', 'summary', 'problem', 'approach', 'results', 'evidence', 'maturity', 'sectors', 'tags', 'targetGroups', 'language',
  'translations', 'resources', 'costs', 'contacts', 'licence', 'links', 'attachments', 'relatedTo', 'startedAt',
];

/** Drops empty strings, empty arrays and empty objects so "absent" has one spelling. */
export function normalizeFields<T extends object>(fields: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || v === null) continue;
    if (typeof v === 'string' && v.trim() === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  return out as T;
}

/** All languages a solution has text in: the primary first. */
export function languagesOf(fields: Pick<SolutionFields, 'language' | 'translations'>): string[] {
  return [fields.language, ...Object.keys(fields.translations ?? {}).filter((l) => l !== fields.language)];
}

/** The text of one field in one language (the primary language's when there is no translation). */
export function textIn(fields: SolutionFields, field: keyof Translation, lang: string): string | undefined {
  if (lang !== fields.language) {
    const t = fields.translations?.[lang]?.[field];
    if (t) return t;
  }
  return fields[field] as string | undefined;
}
