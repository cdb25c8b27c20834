import { readSchema } from '../../schemas.js';
import { AS_CONTEXT } from './context.js';

/** Our namespace: fixed for good once a document carrying it has federated. */
export const SP_NS = 'https://w3id.org/samspil/ns#';
/** `conformsTo` of a solution Article and of an Adoption: how a Samspil peer recognises them. */
export const SOLUTION_PROFILE = 'https://w3id.org/samspil/profiles/solution/1';
export const ADOPTION_PROFILE = 'https://w3id.org/samspil/profiles/adoption/1';
export const SECTOR_BASE = 'https://w3id.org/samspil/sectors/';
export const SPDX_BASE = 'https://spdx.org/licenses/';
export const OTHER_LICENCE = 'sp:OtherLicence';

/** The context document (schemas/contexts/samspil.jsonld), served at /ns. */
export const SP_CONTEXT_DOCUMENT = readSchema('contexts/samspil.jsonld') as { '@context': Record<string, unknown> };

/** Embedded inline in every solution and adoption document, as Mastodon embeds its toot: terms. */
export const SOLUTION_CONTEXT = [AS_CONTEXT, SP_CONTEXT_DOCUMENT['@context']] as const;

/** sp: compact IRIs for maturity and adoption status, both ways. */
export const MATURITY_IRI: Record<string, string> = { idea: 'sp:Idea', pilot: 'sp:Pilot', 'in-use': 'sp:InUse', scaled: 'sp:Scaled', retired: 'sp:Retired' };
export const ADOPTION_STATUS_IRI: Record<string, string> = { planned: 'sp:Planned', piloting: 'sp:Piloting', 'in-use': 'sp:InUse', abandoned: 'sp:Abandoned' };

/** The local name of an sp: term, spelt compact (sp:InUse) or in full. */
export function spLocalName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.startsWith('sp:')) return value.slice(3);
  if (value.startsWith(SP_NS)) return value.slice(SP_NS.length);
  return undefined;
}

export function fromSpIri(map: Record<string, string>, value: unknown): string | undefined {
  const name = spLocalName(value);
  return name ? Object.keys(map).find((k) => map[k] === `sp:${name}`) : undefined;
}
