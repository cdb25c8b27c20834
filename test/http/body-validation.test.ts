import t from 'tap';
import { testInstance } from '../helpers/instances.js';
import { png } from '../helpers/images.js';
import { fullSolution } from '../solutions/fixtures.js';
import { createAccount, createPersonalToken, KNOWN_SCOPES } from '../../src/domain/accounts/accounts.js';
import { uploadMedia } from '../../src/domain/media/media.js';
import { MAX_JSON_DEPTH } from '../../src/http/json-limits.js';

/**
 * Every API body is validated as it was typed, never coerced into the type a field wants, and no
 * body shape reaches a 5xx. Real HTTP against a running instance; the store is read to show that a
 * refused body changed nothing.
 */
const inst = await testInstance(t, 'bodies', { rateLimits: { enabled: false } });
const deps = inst.it.deps;
await createAccount(deps, { username: 'ada', password: 'correct horse battery', role: 'admin' });
const token = (await createPersonalToken(deps, 'ada', [...KNOWN_SCOPES])).token;
const ada = (await deps.store.actors.getByUsername('ada', null))!;
const base = `http://${inst.domain}`;

interface Answer { status: number; type: string; text: string; json: any }
async function send(method: string, path: string, body: string | undefined, type = 'application/json', auth = true): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = type;
  if (auth) headers.authorization = `Bearer ${token}`;
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json };
}

const media = async () => (await uploadMedia(deps, ada, { data: png(4, 4) })).id;
const rows = async () => ({
  objects: await deps.store.transfer.count('objects'), lists: await deps.store.transfer.count('lists'), policies: await deps.store.transfer.count('domainPolicies'),
  tokens: await deps.store.transfer.count('tokens'), apps: await deps.store.transfer.count('oauthApps'), solutions: await deps.store.transfer.count('solutions'),
  adoptions: await deps.store.transfer.count('adoptions'), reports: await deps.store.transfer.count('reports'), markers: await deps.store.transfer.count('markers'),
});

t.test('a wrong type in a Mastodon API parameter is a 422 with Mastodon\'s error JSON, and nothing is stored', async (t) => {
  const posted = await send('POST', '/api/v1/statuses', JSON.stringify({ status: 'first' }));
  t.equal(posted.status, 200, posted.text);
  const statusId = posted.json.id as string;
  const mediaId = await media();
  const before = await rows();
  const cases: Array<[string, string, unknown]> = [
    ['POST', '/api/v1/statuses', { status: ['an', 'array'] }],
    ['POST', '/api/v1/statuses', { status: 5 }],
    ['POST', '/api/v1/statuses', { status: 'x', visibility: { is: 'public' } }],
    ['POST', '/api/v1/statuses', { status: 'x', visibility: ['public'] }],
    ['POST', '/api/v1/statuses', { status: 'x', media_ids: mediaId }],
    ['POST', '/api/v1/statuses', { status: 'x', media_ids: [{ id: mediaId }] }],
    ['POST', '/api/v1/statuses', { status: 'x', sensitive: ['true'] }],
    ['POST', '/api/v1/statuses', { status: 'x', spoiler_text: { a: 1 } }],
    ['POST', '/api/v1/statuses', { status: 'x', in_reply_to_id: [statusId] }],
    ['POST', '/api/v1/statuses', { status: 'x', language: ['da'] }],
    ['POST', '/api/v1/statuses', ['status', 'x']],
    ['POST', '/api/v1/statuses', 'just a string'],
    ['PUT', `/api/v1/statuses/${statusId}`, { status: ['edited'] }],
    ['POST', '/api/v1/lists', { title: ['Team'] }],
    ['POST', '/api/v1/lists', { title: 42 }],
    ['PUT', '/api/v1/admin/federation_mode', { mode: ['allowlist'] }],
    ['POST', '/api/v1/admin/domain_blocks', { domain: ['spam.example'], severity: 'suspend' }],
    ['POST', '/api/v1/admin/domain_blocks', { domain: 'spam.example', severity: ['suspend'] }],
    ['POST', '/api/v1/admin/domain_allows', { domain: ['kommune.example'] }],
    ['POST', '/api/v1/reports', { account_id: [ada.id] }],
    ['PATCH', '/api/v1/accounts/update_credentials', { display_name: ['Ada'] }],
    ['PATCH', '/api/v1/accounts/update_credentials', { locked: ['true'] }],
    ['POST', '/api/v1/markers', { home: { last_read_id: [statusId] } }],
    ['POST', '/api/v1/markers', { home: { last_read_id: Number(statusId) } }],
    ['PUT', `/api/v1/media/${mediaId}`, { description: ['a chart'] }],
    ['POST', '/api/v1/apps', { client_name: ['App'], redirect_uris: 'urn:ietf:wg:oauth:2.0:oob' }],
  ];
  for (const [method, path, body] of cases) {
    const r = await send(method, path, JSON.stringify(body));
    const what = `${method} ${path} ${JSON.stringify(body)}`;
    t.equal(r.status, 422, `${what}: ${r.text}`);
    t.match(r.type, /^application\/json/, what);
    t.type(r.json?.error, 'string', what);
  }
  t.same(await rows(), before, 'nothing stored');
  t.equal((await deps.store.domainPolicies.list()).length, 0);
  t.match((await deps.store.actors.getById(ada.id))!, { displayName: 'ada', manuallyApprovesFollowers: false });
  t.equal((await deps.store.media.getById(mediaId))?.description ?? null, null);
});

t.test('the OAuth surface refuses wrong types with OAuth\'s 400, never issuing a token', async (t) => {
  const app = await send('POST', '/api/v1/apps', JSON.stringify({ client_name: 'Typed', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read' }), 'application/json', false);
  t.equal(app.status, 200, app.text);
  const creds = { client_id: app.json.client_id, client_secret: app.json.client_secret };
  const before = await rows();
  for (const body of [
    { ...creds, grant_type: ['client_credentials'] },
    { ...creds, grant_type: 'client_credentials', scope: ['read'] },
    { client_id: [creds.client_id], client_secret: creds.client_secret, grant_type: 'client_credentials' },
    { ...creds, grant_type: 'client_credentials', client_secret: 7 },
  ]) {
    const r = await send('POST', '/oauth/token', JSON.stringify(body), 'application/json', false);
    t.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
    t.equal(r.json?.error, 'invalid_request');
  }
  t.same(await rows(), before, 'no token issued');
  const ok = await send('POST', '/oauth/token', JSON.stringify({ ...creds, grant_type: 'client_credentials' }), 'application/json', false);
  t.equal(ok.status, 200, 'the same body, typed right, gets its token');
});

t.test('form-encoded bodies keep Mastodon\'s arrays (media_ids[]=1) and strings; a bracketed scalar field is refused', async (t) => {
  const one = await media();
  const form = await send('POST', '/api/v1/statuses', `status=${encodeURIComponent('a chart')}&media_ids[]=${one}&sensitive=true`, 'application/x-www-form-urlencoded');
  t.equal(form.status, 200, form.text);
  t.same(form.json.media_attachments.map((m: { id: string }) => m.id), [one]);
  t.equal(form.json.sensitive, true);
  const two = await media();
  const json = await send('POST', '/api/v1/statuses', JSON.stringify({ status: 'json', media_ids: [two], sensitive: false, visibility: 'unlisted', spoiler_text: null, in_reply_to_id: null }));
  t.equal(json.status, 200, json.text);
  t.same(json.json.media_attachments.map((m: { id: string }) => m.id), [two]);
  const list = await send('POST', '/api/v1/lists', 'title=Team&exclusive=true', 'application/x-www-form-urlencoded');
  t.equal(list.status, 200, list.text);
  t.equal(list.json.exclusive, true);
  const before = await rows();
  for (const body of ['status[]=an+array', `status=x&visibility[is]=public`, `status=x&media_ids=${one}`]) {
    const r = await send('POST', '/api/v1/statuses', body, 'application/x-www-form-urlencoded');
    t.equal(r.status, 422, `${body}: ${r.text}`);
    t.type(r.json?.error, 'string');
  }
  t.equal((await send('POST', '/api/v1/lists', 'title[]=Team', 'application/x-www-form-urlencoded')).status, 422);
  t.same(await rows(), before, 'nothing stored');
});

const nestedArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const nestedObjects = (depth: number, leaf = '1') => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
const nestedProto = (depth: number) => '{"__proto__":'.repeat(depth) + '{}' + '}'.repeat(depth);

t.test('JSON nested deeper than the bound is a 400 on every surface, never a 5xx', async (t) => {
  const solution = await send('POST', '/api/v1/solutions', JSON.stringify(fullSolution()));
  t.equal(solution.status, 201, solution.text);
  const sid = solution.json.id as string;
  const before = await rows();
  const targets: Array<{ method: string; path: string; shape: 'mastodon' | 'oauth' | 'problem'; auth?: boolean; type?: string }> = [
    { method: 'POST', path: '/api/v1/statuses', shape: 'mastodon' },
    { method: 'POST', path: '/api/v1/lists', shape: 'mastodon' },
    { method: 'PATCH', path: '/api/v1/accounts/update_credentials', shape: 'mastodon' },
    { method: 'POST', path: '/api/v1/apps', shape: 'mastodon', auth: false },
    { method: 'POST', path: '/api/v1/admin/domain_blocks', shape: 'mastodon' },
    { method: 'PUT', path: '/api/v1/admin/federation_mode', shape: 'mastodon' },
    { method: 'POST', path: '/oauth/token', shape: 'oauth', auth: false },
    { method: 'POST', path: '/oauth/revoke', shape: 'oauth', auth: false },
    { method: 'POST', path: '/api/v1/solutions', shape: 'problem' },
    { method: 'PATCH', path: `/api/v1/solutions/${sid}`, shape: 'problem' },
    { method: 'POST', path: `/api/v1/solutions/${sid}/adoptions`, shape: 'problem' },
    { method: 'POST', path: '/inbox', shape: 'problem', auth: false, type: 'application/activity+json' },
    { method: 'POST', path: '/users/ada/inbox', shape: 'problem', auth: false, type: 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"' },
  ];
  const bodies = [
    ['arrays just over the bound', nestedArrays(MAX_JSON_DEPTH + 1)],
    ['objects just over the bound', nestedObjects(MAX_JSON_DEPTH + 1)],
    ['100,000 nested arrays', nestedArrays(100_000)],
    ['100,000 nested objects', nestedObjects(100_000)],
    ['10,000 nested __proto__ keys', nestedProto(10_000)],
    ['a deep value under a valid field', `{"status":"x","title":"x","poll":${nestedObjects(5_000)}}`],
  ];
  for (const target of targets) {
    for (const [name, body] of bodies) {
      const r = await send(target.method, target.path, body, target.type ?? 'application/json; charset=utf-8', target.auth ?? true);
      const what = `${target.method} ${target.path}: ${name}`;
      t.equal(r.status, 400, `${what}: ${r.text.slice(0, 200)}`);
      if (target.shape === 'problem') t.match(r.json, { status: 400, code: /^(JSON_TOO_DEEP|BODY_MALFORMED)$/ }, what);
      else if (target.shape === 'oauth') t.equal(r.json?.error, 'invalid_request', what);
      else t.type(r.json?.error, 'string', what);
    }
  }
  t.same(await rows(), before, 'nothing stored');
  const within = await send('POST', '/api/v1/statuses', JSON.stringify({ status: 'nested extra within the bound', extra: JSON.parse(nestedObjects(MAX_JSON_DEPTH - 2)) }));
  t.equal(within.status, 200, 'nesting within the bound is no reason to refuse');
});

t.test('form and query parameters nested deeper than the bound are a 400, never a 5xx or a slow parse', async (t) => {
  const before = await rows();
  const key = (depth: number) => 'a' + '[b]'.repeat(depth);
  for (const depth of [MAX_JSON_DEPTH + 1, 200_000]) {
    const r = await send('POST', '/api/v1/statuses', `status=x&${key(depth)}=1`, 'application/x-www-form-urlencoded');
    t.equal(r.status, 400, `form, ${depth} levels: ${r.text.slice(0, 200)}`);
    t.type(r.json?.error, 'string');
  }
  const q = await send('GET', `/api/v1/timelines/public?${key(2000)}=1`, undefined);
  t.equal(q.status, 400, `query, 2000 levels: ${q.text.slice(0, 200)}`);
  // 70,000 items pushed onto one array: each push must not copy the array (that is quadratic).
  const started = Date.now();
  const many = await send('POST', '/api/v1/statuses', `status=x&${'media_ids[]=1&'.repeat(70_000)}`, 'application/x-www-form-urlencoded');
  t.ok(many.status === 422 || many.status === 400, `a huge form array is refused: ${many.status} ${many.text.slice(0, 200)}`);
  t.ok(Date.now() - started < 5000, `and quickly (${Date.now() - started} ms)`);
  t.same(await rows(), before, 'nothing stored');
});

t.test('numbers in solutions and adoptions must be finite: 1e999 parses to Infinity and is refused', async (t) => {
  const created = await send('POST', '/api/v1/solutions', JSON.stringify(fullSolution({ title: 'Finite numbers' })));
  t.equal(created.status, 201, created.text);
  const sid = created.json.id as string;
  const before = await rows();
  const revision = (await deps.store.solutions.getById(sid))!.revision;
  const withNumber = (field: string, raw: string) => {
    // JSON.stringify cannot write Infinity; the number is spliced in as text so the server parses 1e999 itself.
    const body = fullSolution({ title: 'Overflow' }) as { results: Array<Record<string, unknown>>; costs: Record<string, unknown> };
    if (field === 'amount') body.costs = { ...body.costs, amount: '__NUMBER__' };
    else body.results = [{ ...body.results[0], [field]: '__NUMBER__' }];
    return JSON.stringify(body).replace('"__NUMBER__"', raw);
  };
  for (const [field, raw, pointer] of [
    ['value', '1e999', '/results/0/value'], ['baseline', '-1e999', '/results/0/baseline'], ['target', '1E400', '/results/0/target'],
    ['sampleSize', '1e999', '/results/0/sampleSize'], ['amount', '1e999', '/costs/amount'],
  ] as const) {
    const r = await send('POST', '/api/v1/solutions', withNumber(field, raw));
    t.equal(r.status, 400, `${field}=${raw}: ${r.text.slice(0, 300)}`);
    t.equal(r.json?.code, 'VALIDATION_FAILED');
    t.ok((r.json?.errors ?? []).some((e: { pointer: string }) => e.pointer === pointer), `${pointer} is named: ${JSON.stringify(r.json?.errors)}`);
  }
  t.equal((await send('POST', '/api/v1/solutions', withNumber('value', '1e308'))).status, 201, 'a large finite number is a number');
  const afterFinite = await rows();
  const patch = await send('PATCH', `/api/v1/solutions/${sid}`, '{"results":[{"metric":"m","value":1e999}]}');
  t.equal(patch.status, 400, patch.text);
  t.equal(patch.json?.code, 'VALIDATION_FAILED');
  const patchCost = await send('PATCH', `/api/v1/solutions/${sid}`, '{"costs":{"amount":1e999,"currency":"DKK"}}');
  t.equal(patchCost.status, 400, patchCost.text);
  // The body is checked before anything else (here, before "not your own solution").
  const adoption = await send('POST', `/api/v1/solutions/${sid}/adoptions`, '{"status":"in-use","results":[{"metric":"Udeblivelser","value":1e999}]}');
  t.equal(adoption.status, 400, adoption.text);
  t.equal(adoption.json?.code, 'VALIDATION_FAILED');
  t.ok((adoption.json?.errors ?? []).some((e: { pointer: string }) => e.pointer === '/results/0/value'));
  t.equal(afterFinite.solutions, before.solutions + 1);
  t.same(await rows(), afterFinite, 'nothing stored after the finite one');
  t.equal((await deps.store.solutions.getById(sid))!.revision, revision, 'the solution is unchanged');
});

t.test('form and query parameter names cannot reach Object.prototype (__proto__[x]=1 is a 400)', async (t) => {
  const before = await rows();
  const probe = () => (({}) as Record<string, unknown>).samspilPolluted;
  const attempts: Array<[string, string, string | undefined]> = [
    ['GET', '/api/v1/timelines/public?__proto__[samspilPolluted]=yes', undefined],
    ['GET', '/api/v1/accounts/relationships?id[]=1&__proto__[samspilPolluted]=yes', undefined],
    ['POST', '/api/v1/statuses', 'status=x&__proto__[samspilPolluted]=yes'],
    ['POST', '/api/v1/statuses', 'status=x&a[__proto__][samspilPolluted]=yes'],
    ['POST', '/oauth/token', 'grant_type=client_credentials&__proto__[samspilPolluted]=yes'],
  ];
  for (const [method, path, body] of attempts) {
    const r = await send(method, path, body, 'application/x-www-form-urlencoded', !path.startsWith('/oauth'));
    t.equal(r.status, 400, `${method} ${path} ${body ?? ''}: ${r.text.slice(0, 200)}`);
    t.equal(probe(), undefined, 'Object.prototype untouched');
  }
  const multipart = new FormData();
  multipart.append('status', 'x');
  multipart.append('__proto__[samspilPolluted]', 'yes');
  const res = await fetch(`${base}/api/v1/statuses`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: multipart });
  t.equal(res.status, 400, 'multipart too');
  t.equal(probe(), undefined);
  const constructorWalk = await send('POST', '/api/v1/lists', 'title=ok&constructor[prototype][samspilPolluted]=yes', 'application/x-www-form-urlencoded');
  t.ok(constructorWalk.status < 500, `constructor[prototype][...] is a plain name: ${constructorWalk.status}`);
  t.equal((Object.prototype as Record<string, unknown>).samspilPolluted, undefined);
  t.equal((Object as unknown as Record<string, unknown>).samspilPolluted, undefined);
  if (constructorWalk.status === 200) before.lists += 1;
  t.same(await rows(), before, 'nothing else stored');
});
