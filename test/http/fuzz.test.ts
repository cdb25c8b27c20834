import t from 'tap';
import BetterSqlite3 from 'better-sqlite3';
import { testInstance } from '../helpers/instances.js';
import { png } from '../helpers/images.js';
import { fullSolution } from '../solutions/fixtures.js';
import { createAccount, createPersonalToken, KNOWN_SCOPES } from '../../src/domain/accounts/accounts.js';
import { uploadMedia } from '../../src/domain/media/media.js';
import { sqlitePath } from '../../src/store/open.js';

/**
 * Malformed bodies to every JSON endpoint of one running instance: wrong types, deep nesting,
 * broken JSON and forms, strings near and over the body limit, odd Unicode (lone surrogates, NUL,
 * RTL overrides, 4-byte emoji, invalid UTF-8 bytes) and overlong numbers. The endpoints come from
 * the route table (every POST, PUT, PATCH and DELETE under /api, /oauth and the inboxes), called
 * with an admin token holding every scope. Rules: no answer is a 5xx (nor a dropped connection),
 * the instance still answers /healthz, Object.prototype is untouched and no table of the SQLite
 * file gained or lost a row (the audit log aside). Deterministic (seeded), bounded in count and
 * time.
 */
const SEED = 0x5a3b_51e1;
const CASES_PER_ROUTE = 60;
const TIME_BUDGET_MS = 45_000;
const LIMIT = 128 * 1024;

const inst = await testInstance(t, 'fuzz', { bodyLimit: LIMIT, rateLimits: { enabled: false } });
const deps = inst.it.deps;
const base = `http://${inst.domain}`;
await createAccount(deps, { username: 'ada', password: 'correct horse battery', role: 'admin' });
const token = (await createPersonalToken(deps, 'ada', [...KNOWN_SCOPES])).token;
const ada = (await deps.store.actors.getByUsername('ada', null))!;

async function api(method: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

// Records for the routes that change one (PUT, PATCH, adoptions): a wrong body must reach their checks.
const status = await api('POST', '/api/v1/statuses', { status: 'a post to edit' });
const list = await api('POST', '/api/v1/lists', { title: 'A list' });
const solution = await api('POST', '/api/v1/solutions', fullSolution());
await api('POST', '/api/v1/admin/domain_blocks', { domain: 'spam.example', severity: 'suspend' });
const media = await uploadMedia(deps, ada, { data: png(4, 4) });
// Registering an app makes the server's push (VAPID) key pair, once: not something a request stores.
await fetch(`${base}/api/v1/apps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_name: 'warm-up', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob' }) });
const realIds: Record<string, string> = {
  'PUT /api/v1/statuses/:id': String(status.id), 'PUT /api/v1/lists/:id': String(list.id), 'PUT /api/v1/media/:id': media.id,
  'PATCH /api/v1/solutions/:id': String(solution.id), 'POST /api/v1/solutions/:id/adoptions': String(solution.id),
  'PUT /api/v1/admin/domain_blocks/:id': 'spam.example',
};

// ---- the route table -----------------------------------------------------------------------------

function routesOf(tree: string): Array<{ method: string; path: string }> {
  const out: Array<{ method: string; path: string }> = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const at = line.indexOf('── ');
    if (at < 0) continue;
    const depth = (at - 1) / 4;
    const m = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(at + 3))!;
    stack[depth] = (depth > 0 ? stack[depth - 1]! : '') + m[1]!;
    stack.length = depth + 1;
    for (const method of (m[2] ?? '').split(', ').filter(Boolean)) out.push({ method, path: stack[depth]! });
  }
  return out;
}
const ROUTES = routesOf(inst.it.app.printRoutes({ commonPrefix: false }))
  .filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
  .filter((r) => /^\/(api\/|oauth\/|inbox$|actor\/inbox$|users\/:username\/inbox$)/.test(r.path));

// ---- deterministic randomness --------------------------------------------------------------------

let state = SEED;
const rand = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let x = state;
  x = Math.imul(x ^ (x >>> 15), x | 1);
  x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;

const ODD = [
  '\ud800', 'a\udfffb', '\udc00\ud800', '\u0000', 'x\u0000y', '\u202eevil\u202c.exe', '\u202d\u2066rtl\u2069', '😀🇩🇰👩‍👩‍👧‍👦', '𝕊𝕒𝕞𝕤𝕡𝕚𝕝',
  'e\u0301\u0302\u0303'.repeat(300), '\ufeff', '\u2028\u2029', '\u200b\u200c\u200d'.repeat(40), 'ｆｕｌｌｗｉｄｔｈ', '<script>alert(1)</script>',
  '"; DROP TABLE objects; --', '../../../../etc/passwd', '%00%ff', '${7*7}{{7*7}}', 'ǅ ß İ ı', '\t\r\n\v\f', '\uffff\ufffe', '',
];
/** Numbers JSON may carry but a number field must not take: overflowing to Infinity, or absurdly long. */
const NUMBERS = ['1e999', '-1e999', '1E400', '9'.repeat(400), `0.${'0'.repeat(400)}1`, '-0', '1e-400', '123456789012345678901234567890', '4.9e-324'];
const RAW = Symbol('raw');
type Raw = { [RAW]: string };
const raw = (text: string): Raw => ({ [RAW]: text });

/** JSON text from a value that may hold Raw pieces (numbers JSON.stringify cannot write). */
function json(v: unknown): string {
  if (v && typeof v === 'object' && RAW in v) return (v as Raw)[RAW];
  if (Array.isArray(v)) return `[${v.map(json).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${json(x)}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

const oddString = () => pick(ODD) + (rand() < 0.3 ? pick(ODD) : '');
const oddNumber = () => raw(pick(NUMBERS));
const oddObject = () => ({ [oddString() || 'k']: rand() < 0.5 ? oddString() : oddNumber(), nested: { [pick(ODD) || 'x']: [oddString()] } });
const oddArray = () => [oddString(), oddNumber(), { a: oddString() }];

// What each endpoint takes (s string, f flag, a list, o object, n nullable, | either); a wrong value is
// drawn among the types the field refuses.
type Kind = 's' | 'ns' | 'f' | 'a' | 'na' | 'sa' | 'ao' | 'o' | 'no';
const WRONG: Record<Kind, Array<() => unknown>> = {
  s: [oddObject, oddArray, oddNumber, () => true], ns: [oddObject, oddArray, oddNumber, () => false], f: [oddObject, oddArray],
  a: [oddString, oddObject, oddNumber], na: [oddString, oddObject, oddNumber], sa: [oddObject, oddNumber, () => true],
  ao: [oddString, oddNumber, () => true], o: [oddString, oddArray, oddNumber], no: [oddString, oddArray, oddNumber],
};
const solutionFields: Record<string, Kind> = { title: 's', summary: 's', problem: 's', approach: 's', language: 's', results: 'a', sectors: 'a', tags: 'a', costs: 'o', contacts: 'a', maturity: 's', startedAt: 's' };
const domainBlock: Record<string, Kind> = { domain: 's', severity: 's', private_comment: 's', public_comment: 's', reject_media: 'f', obfuscate: 'f' };
const statusFields: Record<string, Kind> = { status: 'ns', visibility: 'ns', spoiler_text: 'ns', language: 'ns', in_reply_to_id: 'ns', media_ids: 'na', sensitive: 'f', poll: 'no', scheduled_at: 'ns' };
const TEMPLATES: Record<string, Record<string, Kind>> = {
  '/api/v1/apps': { client_name: 's', redirect_uris: 'sa', scopes: 's', website: 's' },
  '/api/v1/accounts/update_credentials': { display_name: 's', note: 's', locked: 'f', bot: 'f', discoverable: 'f', fields_attributes: 'ao', source: 'o' },
  '/api/v1/accounts/:id/follow': { notify: 'f', reblogs: 'f' },
  '/api/v1/admin/reports/:id/resolve': { resolution: 's' },
  '/api/v1/admin/accounts/:id/action': { type: 's', report_id: 's', text: 's', send_email_notification: 'f' },
  '/api/v1/admin/domain_blocks': domainBlock, '/api/v1/admin/domain_blocks/:id': domainBlock,
  '/api/v1/admin/domain_allows': { domain: 's' }, '/api/v1/admin/federation_mode': { mode: 's' },
  '/api/v1/markers': { home: 'o', notifications: 'o' }, '/api/v1/media/:id': { description: 's', focus: 's' },
  '/api/v1/lists': { title: 's', replies_policy: 's', exclusive: 'f' }, '/api/v1/lists/:id': { title: 's', replies_policy: 's', exclusive: 'f' },
  '/api/v1/reports': { account_id: 's', status_ids: 'sa', comment: 's', category: 's', forward: 'f' },
  '/api/v1/statuses': statusFields, '/api/v1/statuses/:id': statusFields,
  '/api/v1/solutions': solutionFields, '/api/v1/solutions/:id': solutionFields,
  '/api/v1/solutions/:id/adoptions': { status: 's', note: 's', language: 's', results: 'a', startedAt: 's' },
  '/oauth/token': { grant_type: 's', client_id: 's', client_secret: 's', code: 's', redirect_uri: 's', code_verifier: 's', refresh_token: 's', scope: 's' },
  '/oauth/revoke': { client_id: 's', client_secret: 's', token: 's', token_type_hint: 's' },
  '/oauth/authorize': { response_type: 's', client_id: 's', redirect_uri: 's', scope: 's', state: 's', authenticity_token: 's', username: 's', password: 's', decision: 's' },
};
const INBOX_TEMPLATE: Record<string, Kind> = { type: 's', actor: 's', id: 's', object: 'o', to: 'a' };

/** A body every endpoint must refuse: each field of the template gets a type it does not take. */
function wrongTyped(template: Record<string, Kind>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [field, kind] of Object.entries(template)) if (rand() < 0.7 || !Object.keys(body).length) body[field] = pick(WRONG[kind])();
  if (!Object.keys(body).length) body[Object.keys(template)[0]!] = oddObject();
  return body;
}

/** Every byte percent-encoded (a lone surrogate goes as the bytes Buffer makes of it; encodeURIComponent would throw). */
const pct = (text: string) => [...Buffer.from(text)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const nestedArrays = (d: number) => '['.repeat(d) + ']'.repeat(d);
const nestedObjects = (d: number, key: string) => `{${JSON.stringify(key)}:`.repeat(d) + '1' + '}'.repeat(d);

interface Case { label: string; type: string; body: string | Buffer }

function makeCase(template: Record<string, Kind>, inbox: boolean): Case {
  const jsonType = inbox ? pick(['application/activity+json', 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"']) : pick(['application/json', 'application/json; charset=utf-8']);
  const valid = json(wrongTyped(template));
  const r = rand();
  if (r < 0.25) return { label: 'wrong types', type: jsonType, body: valid };
  if (r < 0.35) {
    const depth = pick([33, 40, 64, 1000, 20_000]);
    const key = pick(Object.keys(template));
    return pick<Case>([
      { label: `arrays ${depth} deep`, type: jsonType, body: nestedArrays(depth) },
      { label: `objects ${depth} deep`, type: jsonType, body: nestedObjects(depth, oddString()) },
      { label: `a field ${depth} deep`, type: jsonType, body: `{${JSON.stringify(key)}:${nestedObjects(depth, 'a')}}` },
    ]);
  }
  if (r < 0.5) {
    const cut = 1 + int(Math.max(1, valid.length - 1));
    return pick<Case>([
      { label: 'truncated JSON', type: jsonType, body: valid.slice(0, cut) },
      { label: 'trailing garbage', type: jsonType, body: `${valid}${pick([',', '}', ']', 'x', '\u0000', ' {}'])}` },
      { label: 'JavaScript, not JSON', type: jsonType, body: pick(['{status: "x"}', "{'status':'x'}", '{"a":NaN}', '{"a":Infinity}', '{"a":undefined}', '{"a":0x10}', '{"a":007}', '{"a":+1}', '{"a":1,}', '[1,]', '{"a":1}//c', '/*c*/{}']) },
      { label: 'raw control character in a string', type: jsonType, body: `{"${pick(Object.keys(template))}":"a\u0000b\nc"}` },
      { label: 'bad escape', type: jsonType, body: pick(['{"a":"\\x41"}', '{"a":"\\u12"}', '{"a":"\\ud800\\"}', '{"a":"\\', '"\\u00"']) },
      { label: 'prototype keys', type: jsonType, body: pick([`{"__proto__":{"admin":true},${valid.slice(1)}`, `{"constructor":{"prototype":{"admin":true}}}`, `{"a":{"__proto__":{"x":1}}}`]) },
      { label: 'empty', type: jsonType, body: pick(['', ' ', '\n']) },
    ]);
  }
  if (r < 0.6) return { label: 'not an object', type: jsonType, body: pick(['[]', '[1,2,3]', JSON.stringify(oddString()), '123', ...NUMBERS, 'true', 'false', 'null', '"\\ud800"']) };
  if (r < 0.7) {
    // Invalid UTF-8 inside an otherwise JSON body (and a wrong type so the body is refused whatever they decode to).
    const bytes = pick([[0xed, 0xa0, 0x80], [0xc0, 0x80], [0xff, 0xfe], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x00]]);
    const key = pick(Object.keys(template));
    return { label: 'invalid UTF-8', type: jsonType, body: Buffer.concat([Buffer.from(`{"${key}":"`), Buffer.from(bytes), Buffer.from(`",${valid.slice(1)}`)]) };
  }
  if (r < 0.76) {
    // Near the limit, under or over it, in one field; other fields of wrong types.
    const over = rand() < 0.4;
    const unit = pick(['a', '😀', '\u202e', 'é']);
    const head = `{"${pick(Object.keys(template))}":"`;
    const tail = `",${valid.slice(1)}`;
    const room = LIMIT - Buffer.byteLength(head + tail) - (over ? -int(64) - 1 : int(256));
    const units = Math.max(0, Math.floor(room / Buffer.byteLength(unit)));
    return { label: over ? 'just over the limit' : 'just under the limit', type: jsonType, body: head + unit.repeat(units) + tail };
  }
  if (r < 0.92 && !inbox) {
    const field = pick(Object.keys(template));
    return {
      label: 'malformed form', type: 'application/x-www-form-urlencoded',
      body: pick([
        `${field}[]=a&${field}[]=b`, `${field}[x]=${pct(oddString())}`, `a${'[b]'.repeat(pick([33, 500, 20_000]))}=1`,
        `${field}=%zz%`, `${field}=%ED%A0%80`, `${field}=%00`, `${field}[]=1&${field}[k]=2`, `${field}[k]=1&${field}[]=2`,
        `${field}[0][a]=1&${field}[1]=x`, `&&&=&==&${field}`, `${'x'.repeat(2000)}[`, `__proto__[polluted]=1&${field}[]=x`,
        `${field}[]=${'media_ids[]=1&'.repeat(5000)}`, `${field}=${pct(oddString())}&${field}[]=${pct(oddString())}`,
      ]),
    };
  }
  if (r < 0.96 && !inbox) {
    const boundary = 'fuzz' + int(1e6);
    return pick<Case>([
      { label: 'multipart without its boundary', type: 'multipart/form-data', body: `--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n` },
      { label: 'truncated multipart', type: `multipart/form-data; boundary=${boundary}`, body: `--${boundary}\r\nContent-Disposition: form-data; name="status[]"\r\n\r\nx` },
      { label: 'multipart, wrong shapes', type: `multipart/form-data; boundary=${boundary}`, body: `--${boundary}\r\nContent-Disposition: form-data; name="${pick(Object.keys(template))}[x]"\r\n\r\n${oddString()}\r\n--${boundary}--\r\n` },
    ]);
  }
  return pick<Case>([
    { label: 'odd content type', type: pick(['text/plain', 'application/xml', 'application/json-patch+json', 'application/x-www-form-urlencoded; charset=utf-16', '*/*', 'application/activity+json']), body: valid },
    { label: 'JSON with a BOM', type: jsonType, body: `\ufeff${valid}` },
  ]);
}

// ---- the store, counted ----------------------------------------------------------------------------

const db = new BetterSqlite3(sqlitePath(deps.config), { readonly: true, fileMustExist: true });
t.teardown(() => db.close());
const TABLES = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'solutions_fts_%' AND name <> 'audit_log'`).all() as Array<{ name: string }>).map((r) => r.name);
const counts = () => Object.fromEntries(TABLES.map((name) => [name, (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));

t.test('malformed bodies to every JSON endpoint: never a 5xx, the instance stays up, nothing is stored', { timeout: 180_000 }, async (t) => {
  for (const must of ['POST /api/v1/statuses', 'PUT /api/v1/statuses/:id', 'POST /api/v2/media', 'POST /oauth/token', 'POST /api/v1/solutions', 'POST /api/v1/admin/domain_blocks', 'POST /inbox', 'POST /users/:username/inbox', 'DELETE /api/v1/lists/:id']) {
    t.ok(ROUTES.some((r) => `${r.method} ${r.path}` === must), `the route table lists ${must}`);
  }
  t.comment(`${ROUTES.length} endpoints`);
  const before = counts();
  const failures: string[] = [];
  const started = Date.now();
  let sent = 0;
  const byStatus = new Map<number, number>();
  outer: for (let round = 0; round < CASES_PER_ROUTE; round++) {
    for (const route of ROUTES) {
      if (Date.now() - started > TIME_BUDGET_MS) break outer;
      const key = `${route.method} ${route.path}`;
      const inbox = route.path.endsWith('inbox');
      // Routes that act on a record get it only where the body is what they check; elsewhere an id
      // that matches nothing (a wrong body must not delete, boost or resolve anything by chance).
      const id = realIds[key] ?? pick(['0', '99999999999999999999', 'x'.repeat(90), 'y'.repeat(101), '%F0%9F%98%80', '-1', 'spam.example.invalid']);
      const path = route.path.replace(':id', encodeURIComponent(id)).replace(':username', 'ada');
      const c = makeCase(TEMPLATES[route.path] ?? (inbox ? INBOX_TEMPLATE : { value: 's' }), inbox);
      const headers: Record<string, string> = { 'content-type': c.type };
      if (!inbox && rand() < 0.9) headers.authorization = `Bearer ${token}`;
      sent++;
      try {
        const res = await fetch(base + path, { method: route.method, headers, body: c.body });
        await res.arrayBuffer();
        byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
        // FUZZ_DEBUG=1 lists what was accepted (endpoints that take no body, forms of unknown fields).
        if (process.env.FUZZ_DEBUG && res.status < 300) console.error('accepted', res.status, key, c.label, String(c.body).slice(0, 150));
        if (res.status >= 500) failures.push(`${res.status} ${key} (${c.label}): ${String(c.body).slice(0, 120)}`);
      } catch (e) {
        failures.push(`${(e as Error).message} ${String((e as { cause?: { code?: string } }).cause?.code ?? '')} ${key} (${c.label})`);
      }
    }
  }
  const ms = Date.now() - started;
  t.comment(`${sent} requests in ${ms} ms; answers: ${[...byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}`);
  t.ok(sent >= Math.min(1000, ROUTES.length * CASES_PER_ROUTE), `enough requests within the time budget (${sent})`);
  t.same(failures.slice(0, 25), [], `no 5xx and no dropped connection (${failures.length} in all)`);
  t.equal((await fetch(`${base}/healthz`)).status, 200, 'the instance still answers /healthz');
  t.equal((await fetch(`${base}/api/v1/instance`)).status, 200, 'and its API');
  t.equal((Object.prototype as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
  t.same(counts(), before, 'no table gained or lost a row');
});
