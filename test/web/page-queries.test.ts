import t from 'tap';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { createLogger } from '../../src/log.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { countingStore, type StoreCallCounter } from '../../src/store/counting.js';
import { Urls } from '../../src/urls.js';
import type { Deps } from '../../src/domain/deps.js';
import { ensureFirstStart } from '../../src/domain/accounts/first-start.js';
import { createFederation } from '../../src/activitypub/federation.js';
import { publishApproved } from '../../src/domain/solutions/publish.js';
import { notify } from '../../src/domain/notifications/notify.js';
import { submitDraft } from '../../src/domain/solutions/drafts.js';
import { newId } from '../../src/ids.js';
import type { Actor, SolutionRecord } from '../../src/store/port.js';
import { tempDir, testConfig } from '../helpers/config.js';
import { putRemoteActor } from '../helpers/actors.js';
import { STAFF_PASSWORD, WebClient, staffAccount } from '../helpers/web.js';
import { fullSolution } from '../solutions/fixtures.js';

/**
 * The staff pages read the store a fixed number of times, however much they list: the same pages
 * over a small and a four times larger catalogue (our solutions, followed agencies and theirs,
 * questions and follows on the start page, drafts to review) cost the same number of store calls.
 */

interface Site { app: FastifyInstance; counter: StoreCallCounter; web: WebClient; solutionId: string }

async function site(tt: Parameters<typeof tempDir>[0], size: number): Promise<Site> {
  const config = testConfig(tempDir(tt), { rateLimits: { enabled: false }, port: 0 });
  const raw = await openSqliteStore({ path: join(config.dataDir, 'samspil.sqlite') });
  tt.teardown(() => raw.close());
  const { store, counter } = countingStore(raw);
  const deps: Deps = { config, store, urls: new Urls(config), log: createLogger('silent'), now: () => new Date() };
  await ensureFirstStart(deps);
  const fed = createFederation(deps);
  const admin = (await staffAccount(deps, 'mette', 'admin', undefined, 'publisher')).actor;
  const author = (await staffAccount(deps, 'ole')).actor;
  const agency = (await raw.actors.getByUsername(config.instance.agencyUsername, null))!;
  const ours: SolutionRecord[] = [];
  for (let i = 0; i < size; i++) ours.push(await publishApproved(fed, admin, fullSolution({ title: `Vores løsning ${i}` })));
  for (let i = 0; i < size; i++) await submitDraft(fed, author, fullSolution({ title: `Kladde ${i}` }));
  const now = new Date().toISOString();
  for (let i = 0; i < size; i++) {
    const other: Actor = await putRemoteActor(raw, 'agency', `a${i}.example`, { type: 'Organization' });
    await raw.follows.put({ id: newId(), uri: `${agency.uri}#follows/${other.id}`, followerId: agency.id, followeeId: other.id, state: 'accepted', createdAt: now, updatedAt: now });
    await raw.follows.put({ id: newId(), uri: `${other.uri}#follows/${agency.id}`, followerId: other.id, followeeId: agency.id, state: 'accepted', createdAt: now, updatedAt: now });
    await notify(fed, raw, { type: 'follow', accountId: agency.id, fromActorId: other.id });
    const uri = `https://a${i}.example/solutions/1`;
    await raw.solutions.put({
      id: newId(), uri, actorId: other.id, authorId: null, local: false, url: uri, origin: `a${i}.example`, revision: 1, publishedAt: now, updatedAt: null,
      deletedAt: null, repliesCount: 0, fields: { title: `Deres løsning ${i}`, summary: 'S', problem: 'P', approach: 'A', language: 'da' },
    });
    // A question on one of ours, to the agency.
    const question = await raw.objects.put({
      id: newId(), uri: `${other.uri}/statuses/${i}`, type: 'Note', actorId: other.id, local: false, url: null, inReplyToUri: ours[i]!.uri, visibility: 'public',
      language: 'da', publishedAt: now, updatedAt: null, deletedAt: null, data: { type: 'Note', content: `<p>Spørgsmål ${i}</p>` },
    });
    await notify(fed, raw, { type: 'mention', accountId: agency.id, fromActorId: other.id, statusId: question.id });
  }
  const app = await buildApp(deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  tt.teardown(() => app.close());
  const address = app.server.address();
  const web = new WebClient(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
  await web.signIn('mette', STAFF_PASSWORD);
  return { app, counter, web, solutionId: ours[0]!.id };
}

const PAGES = (s: Site) => ['/', '/solutions', `/solutions?q=${encodeURIComponent('løsning')}`, `/solutions/${s.solutionId}`, '/home', '/drafts'];

async function costs(s: Site): Promise<Map<string, { total: number; calls: string }>> {
  const out = new Map<string, { total: number; calls: string }>();
  for (const path of PAGES(s)) {
    await s.web.get(path); // a first visit may leave marks (the start page's markers)
    s.counter.reset();
    const page = await s.web.get(path);
    if (page.status !== 200) throw new Error(`${path}: ${page.status}`);
    out.set(path.replace(s.solutionId, ':id'), { total: s.counter.total, calls: [...s.counter.byMethod].map(([k, v]) => `${k}x${v}`).join(' ') });
  }
  return out;
}

t.test('staff pages: store calls per page do not grow with what they list', async (t) => {
  const small = await costs(await site(t, 2));
  const large = await costs(await site(t, 8));
  for (const [path, cost] of small) {
    const big = large.get(path)!;
    t.equal(big.total, cost.total, `${path}: ${cost.total} store calls with 2 of each, ${big.total} with 8 (${big.calls})`);
    // The start page reads the most: the session, the viewer's settings and markers, two notification
    // lists and what they are about, the followed agencies' newest solutions, the viewer's own, drafts.
    t.ok(big.total <= (path === '/home' ? 24 : 16), `${path}: a bounded number (${big.total})`);
  }
});
