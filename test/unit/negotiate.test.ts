import t from 'tap';
import { negotiate } from '../../src/http/negotiate.js';

const cases: Array<[string | undefined, string | undefined]> = [
  ['application/activity+json', 'activity'],
  ['application/ld+json; profile="https://www.w3.org/ns/activitystreams"', 'activity'],
  ['application/ld+json', 'activity'],
  ['application/ld+json; profile="https://example.org/x"', undefined],
  ['text/html', 'html'],
  ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'html'],
  ['application/activity+json;q=0.5, text/html', 'html'],
  ['application/activity+json, text/html;q=0.5', 'activity'],
  ['*/*', 'activity'],
  [undefined, 'activity'],
  ['', 'activity'],
  ['image/png', undefined],
  ['text/html;q=0', undefined],
  ['garbage', 'activity'],
];
t.test('picks the representation by type, profile and q', async (t) => {
  for (const [accept, want] of cases) t.equal(negotiate(accept), want, String(accept));
});
t.test('offers order decides */*', async (t) => {
  t.equal(negotiate('*/*', ['html', 'activity']), 'html');
  t.equal(negotiate('application/json', ['html']), undefined);
});
