import type { Deps } from '../../src/domain/deps.js';
import { createAccount, createPersonalToken } from '../../src/domain/accounts/accounts.js';

/** A staff login and a bearer token for it. */
export async function staffToken(deps: Deps, username = 'hanne', role: 'user' | 'admin' = 'user'): Promise<string> {
  if (!(await deps.store.actors.getByUsername(username, null))) await createAccount(deps, { username, password: 'correct horse battery', displayName: `${username[0]!.toUpperCase()}${username.slice(1)} Jensen`, role });
  return (await createPersonalToken(deps, username, ['read', 'write'])).token;
}

/** A complete solution body: every client-set field, in Danish with Norwegian and English translations. */
export function fullSolution(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Sms-påmindelse før første samtale',
    summary: 'Udeblivelser fra første samtale faldt, efter at borgerne fik en sms dagen før med tid, sted og rådgiverens navn.',
    problem: 'Næsten hver femte borger udeblev fra den første samtale i jobcentret.\n\nDet kostede tid og forsinkede indsatsen.',
    approach: 'Dagen før sender sagssystemet en sms:\n\n- tid og sted\n- rådgiverens navn\n- et telefonnummer\n\nSe **skabelonen** på https://example.org/skabelon.',
    results: [
      { metric: 'Udeblivelser fra første samtale', baseline: 18, value: 11, unit: '%', direction: 'lower-is-better', period: '2025', sampleSize: 1240, method: 'registerdata før/efter', source: 'https://example.org/evaluering-2025.pdf' },
      { metric: 'Rådgivertimer sparet pr. måned', value: 30, unit: 'h' },
    ],
    evidence: 'Før/efter-måling på registerdata; ingen kontrolgruppe.',
    maturity: 'in-use',
    sectors: ['employment', 'digital'],
    tags: ['jobcenter', 'sms', 'beskæftigelse'],
    targetGroups: ['ledige borgere', 'rådgivere'],
    language: 'da',
    translations: {
      nb: { title: 'SMS-påminnelse før første samtale', summary: 'Uteblivelser fra første samtale falt etter en SMS dagen før.', problem: 'Nesten hver femte borger uteble fra første samtale.', approach: 'Dagen før sender saksbehandlingssystemet en SMS.' },
      en: { title: 'Text reminder before the first meeting', summary: 'No-shows at the first meeting fell after a text message the day before.', problem: 'Almost one in five citizens missed the first meeting.', approach: 'The day before, the case system sends a text.', evidence: 'Before/after on register data.' },
    },
    resources: 'Sms-modul i sagssystemet; 20 timers opsætning.',
    costs: { amount: 12000, currency: 'DKK', period: 'P1Y', note: 'sms-udgifter' },
    contacts: [{ name: 'Hanne Jensen', role: 'Teamleder', email: 'hanne@example.org', actor: '@hanne@example.org' }, { name: 'Ole', actor: 'https://example.org/users/ole' }],
    licence: 'CC-BY-4.0',
    links: [{ href: 'https://example.org/rapport', title: 'Evalueringsrapport', rel: 'report' }],
    attachments: [{ url: 'https://example.org/sms.png', mediaType: 'image/png', name: 'Skærmbillede af sms’en' }, { url: 'https://example.org/evaluering.pdf', mediaType: 'application/pdf', name: 'Evaluering (PDF)' }],
    relatedTo: ['https://example.org/solutions/1'],
    startedAt: '2025-01-01',
    ...over,
  };
}
