import type { Actor, AdoptionRecord, SolutionRecord } from '../../store/port.js';
import { escapeHtml } from '../../html/escape.js';
import { PUBLIC } from '../vocab/context.js';
import { ADOPTION_PROFILE, ADOPTION_STATUS_IRI, SOLUTION_CONTEXT } from '../vocab/samspil.js';
import { resultsToAs } from './solution.js';
import { resultLine } from '../../domain/solutions/present.js';
import { textIn, type AdoptionStatus } from '../../domain/solutions/model.js';

type Json = Record<string, unknown>;

/** Addressing of everything an adoption sends: public, the origin agency, the adopter's followers. */
function audience(adopter: Actor, origin: Actor) {
  return { to: [PUBLIC, origin.uri], cc: adopter.followersUri ? [adopter.followersUri] : [] };
}

/** The adoption record as a document of ours (type Adoption), served at its id. */
export function adoptionToAs(a: AdoptionRecord, adopter: Actor, origin: Actor): Json {
  return {
    '@context': SOLUTION_CONTEXT,
    id: a.uri,
    type: 'Adoption',
    conformsTo: ADOPTION_PROFILE,
    attributedTo: adopter.uri,
    adoptionOf: a.solutionUri,
    adoptionStatus: ADOPTION_STATUS_IRI[a.status],
    ...(a.note ? { note: a.note } : {}),
    ...(a.language ? { primaryLanguage: a.language } : {}),
    results: resultsToAs(a.results),
    ...(a.startedAt ? { startDate: a.startedAt } : {}),
    revision: a.revision,
    published: a.createdAt,
    updated: a.at,
    ...audience(adopter, origin),
  };
}

/**
 * The activity of our own type: `Adopt`, object = the solution, the record embedded. Software
 * that does not know the type ignores it (Mastodon, GoToSocial, Misskey drop unknown activities).
 * A new report (status change, new figures) is a new Adopt with a new id and a higher revision.
 */
export function adoptActivity(a: AdoptionRecord, adopter: Actor, origin: Actor): Json {
  const { '@context': _c, ...adoption } = adoptionToAs(a, adopter, origin);
  return {
    '@context': SOLUTION_CONTEXT,
    id: `${a.uri}/reports/${a.revision}`,
    type: 'Adopt',
    actor: adopter.uri,
    object: a.solutionUri,
    adoption,
    published: a.at,
    ...audience(adopter, origin),
  };
}

const PHRASES: Record<string, Record<AdoptionStatus, string>> = {
  en: { planned: 'plans to adopt', piloting: 'is piloting', 'in-use': 'now uses', abandoned: 'has stopped using' },
  da: { planned: 'planlægger at bruge', piloting: 'afprøver', 'in-use': 'bruger nu', abandoned: 'er stoppet med at bruge' },
  nb: { planned: 'planlegger å ta i bruk', piloting: 'prøver ut', 'in-use': 'bruker nå', abandoned: 'har sluttet å bruke' },
  nn: { planned: 'planlegg å ta i bruk', piloting: 'prøver ut', 'in-use': 'brukar no', abandoned: 'har slutta å bruke' },
  sv: { planned: 'planerar att använda', piloting: 'testar', 'in-use': 'använder nu', abandoned: 'har slutat använda' },
};
const FROM: Record<string, string> = { en: 'from', da: 'fra', nb: 'fra', nn: 'frå', sv: 'från' };

/**
 * The paired Note every fediverse server shows: a public reply to the solution that mentions the
 * origin agency (so its people are notified) and says in words what the Adopt says in data.
 * `adoption` names the record, so Samspil peers file it under adoptions, not discussion.
 */
export function adoptionNote(a: AdoptionRecord, adopter: Actor, origin: Actor, solution: SolutionRecord, base: string): Json {
  const lang = a.language ?? 'en';
  const short = lang.split('-')[0]!;
  const originHandle = `@${origin.username}@${origin.domain ?? new URL(base).host}`;
  const title = textIn(solution.fields, 'title', lang) ?? solution.fields.title;
  const mention = `<span class="h-card"><a href="${escapeHtml(origin.url ?? origin.uri)}" class="u-url mention">@<span>${escapeHtml(origin.username)}</span></a></span>`;
  const first = a.results[0];
  const content = `<p>${escapeHtml(adopter.displayName || adopter.username)} ${escapeHtml((PHRASES[short] ?? PHRASES.en!)[a.status])} «${escapeHtml(title)}» ${escapeHtml(FROM[short] ?? FROM.en!)} ${mention}.</p>`
    + (a.note ? `<p>${escapeHtml(a.note)}</p>` : '')
    + (first ? `<p>${escapeHtml(resultLine(first, lang))}</p>` : '')
    + `<p><a href="${escapeHtml(solution.url ?? solution.uri)}">${escapeHtml(solution.url ?? solution.uri)}</a></p>`;
  const id = `${a.uri}/notes/${a.revision}`;
  return {
    '@context': SOLUTION_CONTEXT,
    id,
    type: 'Note',
    attributedTo: adopter.uri,
    inReplyTo: solution.uri,
    url: id,
    published: a.at,
    content,
    contentMap: { [lang]: content },
    tag: [{ type: 'Mention', href: origin.uri, name: originHandle }],
    adoption: a.uri,
    sensitive: false,
    attachment: [],
    ...audience(adopter, origin),
  };
}
