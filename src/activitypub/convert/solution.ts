import type { Actor, SolutionRecord } from '../../store/port.js';
import { escapeHtml } from '../../html/escape.js';
import { renderMarkdown } from '../../html/markdown.js';
import { PUBLIC } from '../vocab/context.js';
import {
  MATURITY_IRI, OTHER_LICENCE, SECTOR_BASE, SOLUTION_CONTEXT, SOLUTION_PROFILE, SPDX_BASE, fromSpIri,
} from '../vocab/samspil.js';
import {
  languagesOf, normalizeFields, textIn,
  type Attachment, type Contact, type Costs, type Link, type Maturity, type Result, type SolutionFields, type Translation,
} from '../../domain/solutions/model.js';
import { label, resultLine } from '../../domain/solutions/present.js';
import { isValidSolution } from '../../domain/solutions/validate.js';
import { httpUrlOf } from './urls.js';

type Json = Record<string, unknown>;

export function tagHref(base: string, tag: string): string {
  return `${base}/tags/${encodeURIComponent(tag.toLowerCase())}`;
}

/** A language-keyed map with the primary language first (Mastodon reads the first key). */
function langMap(fields: SolutionFields, field: keyof Translation, render: (s: string) => string = (s) => s): Json | undefined {
  const out: Json = {};
  for (const lang of languagesOf(fields)) {
    const text = lang === fields.language ? (fields[field] as string | undefined) : fields.translations?.[lang]?.[field];
    if (text) out[lang] = render(text);
  }
  return Object.keys(out).length ? out : undefined;
}

function hashtagLinks(base: string, tags: string[]): string {
  return tags.map((t) => `<a href="${escapeHtml(tagHref(base, t))}" class="mention hashtag" rel="tag">#<span>${escapeHtml(t)}</span></a>`).join(' ');
}

/** What Mastodon shows of an Article besides its title: the summary, the key result, the hashtags. */
function summaryHtml(fields: SolutionFields, lang: string, base: string): string {
  const key = fields.results?.[0];
  return `<p>${escapeHtml(textIn(fields, 'summary', lang) ?? '')}</p>`
    + (key ? `<p>${escapeHtml(resultLine(key, fields.language))}</p>` : '')
    + (fields.tags?.length ? `<p>${hashtagLinks(base, fields.tags)}</p>` : '');
}

/** The whole solution as HTML, for servers that show `content` (GoToSocial, Misskey). */
function contentHtml(fields: SolutionFields, lang: string, url: string): string {
  const parts: string[] = [];
  const section = (title: string, body: string | undefined) => {
    if (body) parts.push(`<h3>${escapeHtml(title)}</h3>${body}`);
  };
  const md = (f: keyof Translation) => {
    const t = textIn(fields, f, lang);
    return t ? renderMarkdown(t) : undefined;
  };
  section(label(lang, 'problem'), md('problem'));
  section(label(lang, 'approach'), md('approach'));
  section(label(lang, 'results'), fields.results?.length
    ? `<ul>${fields.results.map((r) => `<li>${escapeHtml(resultLine(r, fields.language))}</li>`).join('')}</ul>`
    : `<p>${escapeHtml(label(lang, 'noResults'))}</p>`);
  section(label(lang, 'evidence'), md('evidence'));
  section(label(lang, 'resources'), fields.resources ? renderMarkdown(fields.resources) : undefined);
  section(label(lang, 'contacts'), fields.contacts?.length
    ? `<ul>${fields.contacts.map((c) => `<li>${escapeHtml([c.name, c.role].filter(Boolean).join(', '))}</li>`).join('')}</ul>`
    : undefined);
  parts.push(`<p><a href="${escapeHtml(url)}">${escapeHtml(label(lang, 'readMore'))}</a></p>`);
  return parts.join('');
}

function resultToAs(r: Result): Json {
  return {
    type: 'Result', metric: r.metric, value: r.value,
    ...(r.baseline !== undefined ? { baseline: r.baseline } : {}),
    ...(r.target !== undefined ? { target: r.target } : {}),
    ...(r.unit !== undefined ? { unitText: r.unit } : {}),
    ...(r.direction ? { direction: r.direction } : {}),
    ...(r.period ? { period: r.period } : {}),
    ...(r.sampleSize !== undefined ? { sampleSize: r.sampleSize } : {}),
    ...(r.method ? { method: r.method } : {}),
    ...(r.source ? { evidenceSource: r.source } : {}),
  };
}

export function resultsToAs(results: Result[] | undefined): Json[] {
  return (results ?? []).map(resultToAs);
}

/** A contact's fediverse address on the wire: URLs as they are, handles as acct: URIs. */
function accountOf(actor: string): string {
  return /^https?:\/\//.test(actor) ? actor : `acct:${actor.replace(/^@/, '')}`;
}

export interface ArticleInput {
  record: Pick<SolutionRecord, 'uri' | 'url' | 'revision' | 'publishedAt' | 'updatedAt' | 'fields'>;
  organisation: Actor;
  author?: Actor | null;
  base: string;
}

/**
 * A solution as an AS2 Article (docs/federation.md, "Solutions"): what Mastodon reads (name,
 * summary with the key result, url, tag, attributedTo, published, to/cc), full HTML content
 * and language maps for GoToSocial/Misskey, and every structured field as our extension terms.
 */
export function solutionToArticle({ record, organisation, author, base }: ArticleInput): Json {
  const f = record.fields;
  const url = record.url ?? record.uri;
  const lang = f.language;
  const summaries = langMap(f, 'summary', () => '')!;
  for (const l of Object.keys(summaries)) summaries[l] = summaryHtml(f, l, base);
  const contents: Json = {};
  for (const l of languagesOf(f)) contents[l] = contentHtml(f, l, url);
  const doc: Json = {
    '@context': SOLUTION_CONTEXT,
    id: record.uri,
    type: 'Article',
    conformsTo: SOLUTION_PROFILE,
    attributedTo: organisation.uri,
    url,
    published: record.publishedAt,
    ...(record.updatedAt ? { updated: record.updatedAt } : {}),
    revision: record.revision,
    to: [PUBLIC],
    cc: organisation.followersUri ? [organisation.followersUri] : [],
    name: f.title,
    nameMap: langMap(f, 'title'),
    summary: summaries[lang],
    summaryMap: summaries,
    content: contents[lang],
    contentMap: contents,
    primaryLanguage: lang,
    summaryText: langMap(f, 'summary'),
    problem: langMap(f, 'problem'),
    approach: langMap(f, 'approach'),
    ...(langMap(f, 'evidence') ? { evidence: langMap(f, 'evidence') } : {}),
    ...(f.resources ? { resourcesNeeded: { [lang]: f.resources } } : {}),
    results: resultsToAs(f.results),
    ...(f.maturity ? { maturity: MATURITY_IRI[f.maturity] } : {}),
    ...(f.sectors?.length ? { sector: f.sectors.map((s) => `${SECTOR_BASE}${s}`) } : {}),
    ...(f.targetGroups?.length ? { targetGroup: f.targetGroups } : {}),
    ...(f.licence ? { license: f.licence === 'other' ? OTHER_LICENCE : `${SPDX_BASE}${f.licence}` } : {}),
    ...(f.contacts?.length ? {
      contacts: f.contacts.map((c) => ({ name: c.name, ...(c.role ? { roleName: c.role } : {}), ...(c.email ? { email: c.email } : {}), ...(c.actor ? { account: accountOf(c.actor) } : {}) })),
    } : {}),
    ...(author ? { authors: [{ name: author.displayName || author.username, account: author.uri }] } : {}),
    ...(f.costs ? {
      costs: { type: 'schema:MonetaryAmount', value: f.costs.amount, currency: f.costs.currency, ...(f.costs.period ? { per: f.costs.period } : {}), ...(f.costs.note ? { costNote: f.costs.note } : {}) },
    } : {}),
    ...(f.links?.length ? { links: f.links.map((l) => ({ type: 'Link', href: l.href, name: l.title, ...(l.rel ? { rel: l.rel } : {}) })) } : {}),
    ...(f.relatedTo?.length ? { relation: f.relatedTo } : {}),
    ...(f.startedAt ? { startDate: f.startedAt } : {}),
    tag: (f.tags ?? []).map((t) => ({ type: 'Hashtag', name: `#${t}`, href: tagHref(base, t) })),
    attachment: (f.attachments ?? []).map((a) => ({ type: a.mediaType.startsWith('image/') ? 'Image' : 'Document', mediaType: a.mediaType, url: a.url, name: a.name })),
    replies: `${record.uri}/replies`,
    adoptions: `${record.uri}/adoptions`,
  };
  return doc;
}

// ---- reading a remote Article back into fields -------------------------------------------------

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() && Number.isFinite(Number(v)) ? Number(v) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
function mapOf(v: unknown): Record<string, string> {
  const o = obj(v);
  if (!o) return {};
  return Object.fromEntries(Object.entries(o).filter(([k, x]) => /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(k) && typeof x === 'string' && x.length).slice(0, 12)) as Record<string, string>;
}
function hrefOf(v: unknown): string | undefined {
  return httpUrlOf(v) ?? undefined;
}

export function resultsFromAs(v: unknown): Result[] {
  const out: Result[] = [];
  for (const item of arr(v).slice(0, 50)) {
    const r = obj(item);
    if (!r) continue;
    const metric = str(r.metric) ?? Object.values(mapOf(r.metric))[0];
    const value = num(r.value);
    if (!metric || value === undefined) continue;
    const sampleSize = num(r.sampleSize);
    out.push(normalizeFields({
      metric, value, baseline: num(r.baseline), target: num(r.target), unit: str(r.unitText), direction: str(r.direction) as Result['direction'],
      period: str(r.period), sampleSize: sampleSize !== undefined && Number.isInteger(sampleSize) ? sampleSize : undefined, method: str(r.method), source: hrefOf(r.evidenceSource),
    }));
  }
  return out;
}

/** True for an Article that says it is a Samspil solution. */
export function isSolutionDocument(doc: Json): boolean {
  return doc.type === 'Article' && arr(doc.conformsTo).some((c) => c === SOLUTION_PROFILE);
}

/**
 * The structured fields of a remote solution Article. Plain-text terms stay plain text (they are
 * escaped whenever rendered); fields that fail the schema are dropped; undefined when what is left
 * is not a solution (no title, problem, ...).
 */
export function fieldsFromArticle(doc: Json): SolutionFields | undefined {
  const names = mapOf(doc.nameMap);
  const summaries = mapOf(doc.summaryText);
  const problems = mapOf(doc.problem);
  const approaches = mapOf(doc.approach);
  const evidences = mapOf(doc.evidence);
  const language = str(doc.primaryLanguage) ?? Object.keys(names)[0] ?? Object.keys(mapOf(doc.contentMap))[0];
  if (!language) return undefined;
  const translations: Record<string, Translation> = {};
  for (const l of new Set([...Object.keys(names), ...Object.keys(summaries), ...Object.keys(problems), ...Object.keys(approaches), ...Object.keys(evidences)])) {
    if (l === language) continue;
    const t = normalizeFields<Translation>({ title: names[l], summary: summaries[l], problem: problems[l], approach: approaches[l], evidence: evidences[l] });
    if (Object.keys(t).length) translations[l] = t;
  }
  const cost = obj(doc.costs);
  const amount = cost ? num(cost.value) : undefined;
  const fields: Record<string, unknown> = normalizeFields({
    title: names[language] ?? str(doc.name),
    summary: summaries[language],
    problem: problems[language],
    approach: approaches[language],
    results: resultsFromAs(doc.results),
    evidence: evidences[language],
    maturity: fromSpIri(MATURITY_IRI, doc.maturity) as Maturity | undefined,
    sectors: arr(doc.sector).map((s) => (typeof s === 'string' && s.startsWith(SECTOR_BASE) ? s.slice(SECTOR_BASE.length) : undefined)).filter(Boolean),
    tags: arr(doc.tag).map(obj).filter((t) => t?.type === 'Hashtag' && typeof t.name === 'string').map((t) => String(t!.name).replace(/^#/, '')),
    targetGroups: arr(doc.targetGroup).filter((x): x is string => typeof x === 'string'),
    language,
    translations,
    resources: mapOf(doc.resourcesNeeded)[language],
    costs: cost && amount !== undefined ? normalizeFields<Costs>({ amount, currency: String(cost.currency ?? ''), period: str(cost.per), note: str(cost.costNote) }) : undefined,
    contacts: arr(doc.contacts).map(obj).filter(Boolean).map((c) => {
      const account = str(c!.account);
      return normalizeFields<Contact>({ name: String(c!.name ?? ''), role: str(c!.roleName), email: str(c!.email), actor: account?.startsWith('acct:') ? `@${account.slice(5)}` : account });
    }),
    licence: (() => {
      const l = str(doc.license);
      if (!l) return undefined;
      if (l === OTHER_LICENCE || fromSpIri({ other: 'sp:OtherLicence' }, l)) return 'other';
      return l.startsWith(SPDX_BASE) ? l.slice(SPDX_BASE.length) : undefined;
    })(),
    links: arr(doc.links).map(obj).filter(Boolean).map((l) => normalizeFields<Link>({ href: String(l!.href ?? ''), title: String(l!.name ?? ''), rel: str(l!.rel) })),
    attachments: arr(doc.attachment).map(obj).filter(Boolean).map((a) => normalizeFields<Attachment>({ url: hrefOf(a!.url) ?? '', mediaType: String(a!.mediaType ?? ''), name: String(a!.name ?? '') })),
    relatedTo: arr(doc.relation).filter((x): x is string => typeof x === 'string'),
    startedAt: str(doc.startDate),
  });
  // Drop what the schema refuses: a bad item from its list, else the field; give up only when a
  // required field is bad.
  for (let i = 0; i < 4; i++) {
    const check = isValidSolution(fields);
    if (check.ok) return normalizeFields(fields) as unknown as SolutionFields;
    const badItems = new Map<string, Set<number>>();
    for (const e of check.errors) {
      const [, top, index] = e.pointer.split('/');
      if (!top || ['title', 'summary', 'problem', 'approach', 'language'].includes(top)) return undefined;
      if (Array.isArray(fields[top]) && index !== undefined && /^\d+$/.test(index)) {
        if (!badItems.has(top)) badItems.set(top, new Set());
        badItems.get(top)!.add(Number(index));
      } else delete fields[top];
    }
    for (const [top, bad] of badItems) if (Array.isArray(fields[top])) fields[top] = (fields[top] as unknown[]).filter((_, j) => !bad.has(j));
  }
  return undefined;
}
