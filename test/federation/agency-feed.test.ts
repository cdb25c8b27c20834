import t from 'tap';
// @ts-expect-error the ws package ships no types here; it comes with @fastify/websocket
import WebSocket from 'ws';
import { createRestAPIClient, createStreamingAPIClient } from 'masto';
import { testInstance } from '../helpers/instances.js';
import { eventually } from '../helpers/eventually.js';
import { agencyFollows, sendSigned } from '../solutions/federate.js';
import { fullSolution, staffToken } from '../solutions/fixtures.js';
import { PUBLIC } from '../../src/activitypub/vocab/context.js';
import { SOLUTION_CONTEXT, SOLUTION_PROFILE } from '../../src/activitypub/vocab/samspil.js';

type Json = Record<string, any>;

t.test('the agency feed: staff homes (masto) carry the solutions of agencies their agency follows, in full; unfollow leaves one out', async (t) => {
  const a = await testInstance(t, 'feed-a', { instance: { agencyUsername: 'agency', agencyDisplayName: 'Jobcenter A', languages: ['da'] } });
  const c = await testInstance(t, 'feed-c', { instance: { agencyUsername: 'agency', agencyDisplayName: 'Kommune C', languages: ['da'] } });
  await agencyFollows(c, a);
  const aToken = await staffToken(a.it.deps);
  const staff = await staffToken(c.it.deps, 'sofie');
  const masto = createRestAPIClient({ url: `http://${c.domain}`, accessToken: staff });

  const posted = await a.it.app.inject({ method: 'POST', url: '/api/v1/solutions', headers: { authorization: `Bearer ${aToken}` }, payload: fullSolution() });
  t.equal(posted.statusCode, 201, posted.body);
  const uri = posted.json().uri as string;
  const inHome = async () => (await masto.v1.timelines.home.list({ limit: 40 })).find((s) => s.uri === uri);
  const status = await eventually('the solution reaches sofie\'s home on C', inHome);
  t.equal(status.account.acct, `agency@${a.domain}`, 'shown as the remote agency\'s status');
  t.equal(status.spoilerText, '', 'no content warning: a solution is not sensitive');
  t.equal(status.sensitive, false);
  // The full record, not only the title and summary Mastodon itself would show.
  t.match(status.content, /^<h2>Sms-påmindelse før første samtale<\/h2><p>Udeblivelser fra første samtale faldt/);
  t.match(status.content, /<h3>Problem<\/h3><p>Næsten hver femte borger/);
  t.match(status.content, /<h3>Sådan gør vi<\/h3>.*<li>tid og sted<\/li>/s, 'approach, Markdown list rendered');
  t.match(status.content, /<table><thead><tr><th>Måling<\/th><th>Før<\/th><th>Efter<\/th>/, 'results as a table');
  t.match(status.content, /<tr><td>Udeblivelser fra første samtale<\/td><td>18 %<\/td><td>11 %<\/td><td>2025<\/td>/);
  t.match(status.content, /<h3>Kontakt<\/h3><ul><li>Hanne Jensen, Teamleder \(<a href="mailto:hanne@example.org"/, 'contacts');
  t.match(status.content, /<h3>Omkostninger<\/h3><p>12[.,\s\u00a0]?000 DKK/);
  t.match(status.content, /Evalueringsrapport/);
  t.notMatch(status.content, /<script|on\w+=/);
  t.equal(status.card?.title, 'Sms-påmindelse før første samtale', 'the card still links the page');

  // The local staff of A see their own agency's solution in home too.
  const aStaff = createRestAPIClient({ url: `http://${a.domain}`, accessToken: aToken });
  t.ok((await aStaff.v1.timelines.home.list()).some((s) => s.uri === uri), "the agency's own solutions are in its staff's home");

  // The user stream carries the agency feed as home does.
  const streaming = createStreamingAPIClient({ streamingApiUrl: `ws://${c.domain}`, accessToken: staff, implementation: WebSocket, retry: 1 });
  t.teardown(() => streaming.close());
  const subscription = streaming.user.subscribe();
  const iterator = subscription[Symbol.asyncIterator]();
  const first = iterator.next();
  let streamed: Json | undefined;
  // The subscription is sent once the socket opens: publish until one arrives, bounded by count.
  for (let i = 0; i < 10 && !streamed; i++) {
    const more = await a.it.app.inject({ method: 'POST', url: '/api/v1/solutions', headers: { authorization: `Bearer ${aToken}` }, payload: fullSolution({ title: `Streamet løsning ${i}` }) });
    t.equal(more.statusCode, 201);
    const result = await Promise.race([first, new Promise<undefined>((r) => setTimeout(() => r(undefined), 1500))]);
    if (result && !result.done) streamed = result.value as Json;
  }
  t.ok(streamed, 'an update arrived on the user stream');
  t.match(streamed, { event: 'update', payload: { account: { acct: `agency@${a.domain}` }, content: /<h2>Streamet løsning \d<\/h2>/ } });
  subscription.unsubscribe();

  // Sofie unfollows A's agency (she never followed it herself): it leaves her home, not her colleague's.
  const colleague = createRestAPIClient({ url: `http://${c.domain}`, accessToken: await staffToken(c.it.deps, 'jonas') });
  const remote = await masto.v1.accounts.lookup({ acct: `agency@${a.domain}` });
  const rel = await masto.v1.accounts.$select(remote.id).unfollow();
  t.equal(rel.following, false);
  t.notOk(await inHome(), 'out of the home of the staff member who unfollowed');
  t.ok((await colleague.v1.timelines.home.list({ limit: 40 })).some((s) => s.uri === uri), 'still in a colleague\'s home');
  // Following it herself brings it back (her own follow, accepted by A).
  await masto.v1.accounts.$select(remote.id).follow();
  await eventually('back in her home after following', inHome);
});

t.test("a hostile remote solution's markup never reaches an app: fields are escaped, links filtered", async (t) => {
  const a = await testInstance(t, 'hostile-a');
  const c = await testInstance(t, 'hostile-c');
  await agencyFollows(c, a);
  const agencyUri = `http://${a.domain}/users/agency`;
  const id = `http://${a.domain}/solutions/evil1`;
  const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  const status = await sendSigned(a, c, {
    id: `${id}#create`, type: 'Create', actor: agencyUri, to: [PUBLIC],
    object: {
      id, type: 'Article', conformsTo: SOLUTION_PROFILE, attributedTo: agencyUri, url: id, to: [PUBLIC], published: new Date().toISOString(), revision: 1,
      name: `Evil ${evil}`, summary: `<p onclick="x()">hi</p>${evil}`, content: `<iframe src="https://evil.example"></iframe>${evil}`,
      primaryLanguage: 'en', nameMap: { en: `Evil ${evil}` }, summaryText: { en: `Sum ${evil}` }, problem: { en: `Problem ${evil} [x](javascript:alert(3))` }, approach: { en: `**Do** ${evil}` },
      results: [{ type: 'Result', metric: `<b onmouseover="y()">m</b>`, value: 3, unitText: '<i>u</i>' }],
      contacts: [{ name: `Eve ${evil}`, email: 'a@b.example"><script>z()</script>', account: 'javascript:alert(4)' }],
      links: [{ type: 'Link', href: 'javascript:alert(5)', name: 'bad link' }, { type: 'Link', href: 'https://ok.example/r', name: `ok ${evil}` }],
    },
  }, SOLUTION_CONTEXT);
  t.equal(status, 202);
  const stored = await eventually('C holds the solution', () => c.it.deps.store.solutions.getByUri(id));
  const staff = createRestAPIClient({ url: `http://${c.domain}`, accessToken: await staffToken(c.it.deps) });
  const s = await staff.v1.statuses.$select(stored.id).fetch();
  t.match(s.content, /^<h2>Evil <\/h2><p>Sum &lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img/, 'the title is plain text (elements stripped on arrival), the summary escaped text');
  t.match(s.content, /<td>&lt;b onmouseover="y\(\)"&gt;m&lt;\/b&gt;<\/td>/, 'a result metric is text');
  t.match(s.content, /<h3>Problem<\/h3>/, 'rendered in full from the fields');
  t.notMatch(s.content, /<(script|img|iframe|b|i)[\s>]/i, 'no element outside the allow-list');
  t.notMatch(s.content, /<[^>]*\son\w+=/i, 'no event handler attribute');
  t.notMatch(s.content, /href="(?!https?:|mailto:)/i, 'links are http(s) or mailto only');
  t.notMatch(s.content, /bad link/, 'the javascript: link was dropped');
  t.notMatch(s.content, /evil\.example/, "the Article's own HTML content is not used");
  t.match(s.content, /<a href="https:\/\/ok\.example\/r"[^>]*>ok &lt;script&gt;/, 'a good link kept, its text escaped');
});
