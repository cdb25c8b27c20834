#!/usr/bin/env node
// npm run demo: three Samspil instances on 127.0.0.1 (a Danish jobcentre, a Danish municipality, a
// Norwegian NAV office) with realistic solutions in Danish, Norwegian and English. They follow each
// other; a solution flows out, an adoption flows back. Ctrl-C stops all three and removes their data.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from './build-if-needed.js';

ensureBuilt();
const { startInstance } = await import('../dist/server.js');
const { loadConfig } = await import('../dist/config/load.js');
const { createAccount, createPersonalToken } = await import('../dist/domain/accounts/accounts.js');
const { followActor } = await import('../dist/domain/follows/follows.js');

const BASE_PORT = Number(process.env.DEMO_PORT ?? 7101);
// Printed in the summary: the data is throwaway and lives only on 127.0.0.1, and a known password
// lets someone trying the demo sign in to the staff web app without a CLI step.
const STAFF_PASSWORD = 'demo-password-123';
const quiet = process.env.DEMO_LOG_LEVEL ?? 'warn';

function portFree(port) {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function freePorts(n) {
  const out = [];
  for (let p = BASE_PORT; out.length < n && p < BASE_PORT + 200; p++) if (await portFree(p)) out.push(p);
  if (out.length < n) throw new Error(`no ${n} free ports from ${BASE_PORT}`);
  return out;
}

const until = async (label, fn, ms = 20_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`demo: timed out waiting for ${label}`);
};

const AGENCIES = [
  { key: 'dk', agency: 'jobcenter', name: 'Jobcenter Middelfart', lang: 'da', staff: 'hanne', staffName: 'Hanne Jensen' },
  { key: 'aa', agency: 'aarhus', name: 'Aarhus Kommune, Sundhed og Omsorg', lang: 'da', staff: 'mette', staffName: 'Mette Sørensen' },
  { key: 'no', agency: 'nav', name: 'NAV Asker', lang: 'nb', staff: 'kari', staffName: 'Kari Nordmann' },
];

const SOLUTIONS = {
  dk: [{
    title: 'Sms-påmindelse før første samtale',
    summary: 'Udeblivelser fra første samtale i jobcentret faldt fra 18 % til 11 %, efter at borgerne fik en sms dagen før med tid, sted og rådgiverens navn.',
    problem: 'Næsten hver femte borger udeblev fra den første samtale. Det kostede rådgivertid og forsinkede indsatsen for den ledige.',
    approach: 'Dagen før sender sagssystemet automatisk en sms med:\n\n- tidspunkt og adresse\n- rådgiverens navn\n- et direkte telefonnummer, hvis tiden ikke passer\n\nTeksten er skrevet i et enkelt sprog og testet med borgere.',
    results: [
      { metric: 'Udeblivelser fra første samtale', baseline: 18, value: 11, unit: '%', direction: 'lower-is-better', period: '2025', sampleSize: 1240, method: 'registerdata før/efter' },
      { metric: 'Rådgivertimer frigjort pr. måned', value: 30, unit: 'h', direction: 'higher-is-better', period: '2025' },
    ],
    evidence: 'Før/efter-måling på registerdata for 1.240 første samtaler. Ingen kontrolgruppe; sæsonudsving kan spille ind.',
    maturity: 'in-use', sectors: ['employment', 'digital'], tags: ['jobcenter', 'sms', 'beskæftigelse'], targetGroups: ['ledige borgere', 'rådgivere'],
    language: 'da',
    translations: {
      nb: { title: 'SMS-påminnelse før første samtale', summary: 'Uteblivelser fra første samtale falt fra 18 % til 11 % etter en SMS dagen før med tid, sted og navnet på veilederen.' },
      en: { title: 'Text reminder before the first meeting', summary: 'No-shows at the first jobcentre meeting fell from 18% to 11% after a text the day before naming time, place and caseworker.', problem: 'Almost one in five citizens missed the first meeting.', approach: 'The day before, the case system sends a text with time, address, the caseworker\'s name and a phone number.' },
    },
    resources: 'Sms-modul i sagssystemet, ca. 20 timers opsætning og en tekstskabelon (se bilag).',
    costs: { amount: 12000, currency: 'DKK', period: 'P1Y', note: 'sms-udgifter for ca. 1.300 beskeder' },
    contacts: [{ name: 'Hanne Jensen', role: 'Teamleder', email: 'hanne.jensen@example.dk' }],
    licence: 'CC-BY-4.0', startedAt: '2025-01-01',
    links: [{ href: 'https://example.dk/evaluering-sms-2025', title: 'Evaluering 2025', rel: 'report' }],
  }],
  aa: [{
    title: 'Vendeteknik uden lift med glidestykke',
    summary: 'To medarbejdere og et glidestykke erstatter liften ved vending i sengen; ventetiden på lift forsvandt og færre meldte ondt i ryggen.',
    problem: 'Liften på plejecentret var ofte optaget, så borgere ventede på at blive vendt, og medarbejdere løftede alligevel selv.',
    approach: 'En sygeplejerske udviklede en teknik med to personer og et glidestykke.\n\n1. Sengen stilles i arbejdshøjde\n2. Glidestykket lægges under borgeren\n3. Borgeren vendes i ét roligt træk\n\nTeknikken blev filmet og lært videre på tværs af vagter.',
    results: [{ metric: 'Medarbejdere med rygbesvær (selvrapporteret)', baseline: 9, value: 4, unit: 'personer', direction: 'lower-is-better', period: '2025-H1', sampleSize: 42, method: 'spørgeskema' }],
    maturity: 'pilot', sectors: ['elder-care', 'health'], tags: ['ældrepleje', 'arbejdsmiljø', 'skjultinnovation'], targetGroups: ['plejehjemsbeboere', 'social- og sundhedsassistenter'],
    language: 'da',
    translations: { en: { title: 'Turning patients without a hoist', summary: 'Two staff and a slide sheet replace the hoist for turning in bed; waiting for the hoist disappeared and fewer staff reported back pain.' } },
    resources: 'Glidestykker (ca. 400 kr. pr. stk.) og en times oplæring pr. medarbejder.', licence: 'CC-BY-SA-4.0',
    contacts: [{ name: 'Mette Sørensen', role: 'Sygeplejerske' }],
  }],
  no: [{
    title: 'Digital oppfølging av unge arbeidssøkere mellom samtalene',
    summary: 'Korte digitale meldinger fra veilederen mellom samtalene halverte andelen unge som falt ut av oppfølgingen.',
    problem: 'Unge arbeidssøkere mistet kontakten med NAV mellom samtalene, og mange møtte ikke opp igjen.',
    approach: 'Veilederen sender en kort melding i aktivitetsplanen hver uke: hva skjer nå, og hvem du kan spørre. Meldingene er maler som veilederen tilpasser.',
    results: [{ metric: 'Unge som falt ut av oppfølgingen', baseline: 22, value: 11, unit: '%', direction: 'lower-is-better', period: '2025', sampleSize: 310, method: 'sammenligning med kontor uten tiltaket' }],
    maturity: 'scaled', sectors: ['employment', 'digital'], tags: ['nav', 'ungdom', 'oppfølging'], targetGroups: ['unge arbeidssøkere'],
    language: 'nb',
    translations: { en: { title: 'Digital follow-up of young jobseekers between meetings', summary: 'Short weekly digital messages from the caseworker halved the share of young jobseekers who dropped out of follow-up.' } },
    resources: 'Maler for meldinger og 15 minutter per veileder per uke.', licence: 'NLOD-2.0',
    contacts: [{ name: 'Kari Nordmann', role: 'Veileder' }],
  }],
};

const dirs = [];
const running = [];
let stopping = false;
async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nStopping the three instances ...\n');
  await Promise.allSettled(running.map((r) => r.close()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  process.stdout.write('Stopped.\n');
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  const ports = await freePorts(3);
  const inst = {};
  for (const [i, a] of AGENCIES.entries()) {
    const port = ports[i];
    const dataDir = mkdtempSync(join(tmpdir(), `samspil-demo-${a.key}-`));
    dirs.push(dataDir);
    const config = loadConfig({
      env: {},
      overrides: {
        domain: `127.0.0.1:${port}`, port, host: '127.0.0.1', dataDir, publicUrlScheme: 'http', allowPrivateAddresses: true, logLevel: quiet,
        rateLimits: { enabled: false },
        federation: { retryBaseMs: 1000, retryMaxDelayMs: 10_000, maxAttempts: 20, hostUnavailableAfterMs: 86_400_000, jobPollMs: 100, jobConcurrency: 8, deliveryConcurrency: 16, inboxBatchSize: 32, jobLeaseMs: 10_000 },
        instance: { agencyUsername: a.agency, agencyDisplayName: a.name, title: `Samspil · ${a.name}`, languages: [a.lang] },
      },
    });
    const r = await startInstance(config);
    running.push(r);
    await createAccount(r.deps, { username: a.staff, password: STAFF_PASSWORD, displayName: a.staffName });
    const { token } = await createPersonalToken(r.deps, a.staff, ['read', 'write']);
    inst[a.key] = { ...a, r, port, base: r.deps.urls.base, token, handle: `@${a.agency}@${r.deps.urls.host}` };
  }
  const api = async (i, method, path, body) => {
    const res = await fetch(`${i.base}${path}`, { method, headers: { authorization: `Bearer ${i.token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  // Everyone follows everyone: a Follow goes out signed, an Accept comes back.
  for (const x of Object.values(inst)) for (const y of Object.values(inst)) if (x !== y) await followActor(x.r.fed, x.agency, y.handle);
  for (const x of Object.values(inst)) {
    await until(`${x.name} to have two followers`, async () => (await x.r.deps.store.follows.countFollowers((await x.r.deps.store.actors.getByUsername(x.agency, null)).id, 'accepted')) === 2);
  }

  // Each agency publishes through the native API.
  const published = {};
  for (const x of Object.values(inst)) published[x.key] = await Promise.all(SOLUTIONS[x.key].map((s) => api(x, 'POST', '/api/v1/solutions', s)));
  const all = Object.values(published).flat();
  for (const x of Object.values(inst)) {
    await until(`${x.name} to hold all ${all.length} solutions`, async () => (await x.r.deps.store.solutions.search({ limit: 1, offset: 0 })).total === all.length);
  }

  // NAV Asker adopts the Danish jobcentre's SMS reminder: Adopt + a reply Note flow back to the origin.
  const sms = published.dk[0];
  const navCopy = await inst.no.r.deps.store.solutions.getByUri(sms.uri);
  const adoption = await api(inst.no, 'POST', `/api/v1/solutions/${navCopy.id}/adoptions`, {
    status: 'piloting', startedAt: '2026-03-01', note: 'Vi tester SMS-påminnelsen i to team, med teksten også på engelsk og ukrainsk.',
    results: [{ metric: 'Uteblivelser fra første samtale', baseline: 15, value: 10, unit: '%', period: '2026-03/2026-08', sampleSize: 430 }],
  });
  await until('the adoption to reach Jobcenter Middelfart', async () => (await inst.dk.r.deps.store.solutions.listAdoptions(sms.uri)).length === 1);
  await until('Aarhus Kommune to hear of it', async () => (await inst.aa.r.deps.store.solutions.listAdoptions(sms.uri)).length === 1);
  const aarhusCopy = await inst.aa.r.deps.store.solutions.getByUri(sms.uri);
  const aarhusSolution = published.aa[0];
  const navOfAarhus = await inst.no.r.deps.store.solutions.getByUri(aarhusSolution.uri);

  const { dk, aa, no } = inst;
  const line = (s = '') => process.stdout.write(`${s}\n`);
  line('');
  line('Samspil demo: three instances federating on this machine');
  line('');
  for (const x of [dk, aa, no]) {
    line(`  ${x.name.padEnd(36)} ${`${x.base}/`.padEnd(24)} agency ${x.handle}   staff token (${x.staff}): ${x.token}`);
    line(`  ${''.padEnd(36)} sign in at ${x.base}/auth/sign_in as ${x.staff} / ${STAFF_PASSWORD}`);
  }
  line('');
  line('1. A solution flows out. Jobcenter Middelfart published "Sms-påmindelse før første samtale":');
  line(`     at its origin (HTML; the same URL gives ActivityPub JSON)   ${sms.url}`);
  line(`     the copy NAV Asker received, every field kept               ${no.base}/solutions/${navCopy.id}`);
  line(`     ... in English                                              ${no.base}/solutions/${navCopy.id}?lang=en`);
  line(`     as ActivityPub: curl -H 'Accept: application/activity+json' ${sms.uri}`);
  line('');
  line('2. An adoption flows back. NAV Asker reported piloting it (status, note, its own figures):');
  line(`     on the origin's page, "Adopted by"                         ${sms.url}#adoptions`);
  line(`     on Aarhus Kommune's copy                                    ${aa.base}/solutions/${aarhusCopy.id}#adoptions`);
  line(`     the adoption record (ActivityPub)                          ${adoption.uri}`);
  line('');
  line('3. Find before you build: one catalogue over local and federated solutions, in any language:');
  line(`     ${no.base}/solutions?q=samtale        ${no.base}/solutions?q=hoist        ${dk.base}/solutions?sector=employment`);
  line(`     ${aa.base}/tags/nav                     ${no.base}/api/v1/solutions?q=udeblivelser&language=da`);
  line(`     Aarhus' hidden innovation, seen from NAV: ${no.base}/solutions/${navOfAarhus.id}`);
  line('');
  line('Try it yourself (the flow is live; watch the pages above change):');
  line(`  curl -X PATCH -H 'Authorization: Bearer ${dk.token}' -H 'Content-Type: application/json' \\`);
  line(`       -d '{"maturity":"scaled"}' ${dk.base}/api/v1/solutions/${sms.id}`);
  line(`  curl -X POST -H 'Authorization: Bearer ${aa.token}' -H 'Content-Type: application/json' \\`);
  line(`       -d '{"status":"planned","note":"Vi vil prøve det i Aarhus."}' ${aa.base}/api/v1/solutions/${aarhusCopy.id}/adoptions`);
  line('');
  line('Ctrl-C stops all three (their data is temporary and removed).');
} catch (e) {
  process.stderr.write(`demo failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  await stopAll(1);
}
