import t from 'tap';
import { memoizeString } from '../../src/html/memo.js';
import { renderRemoteHtml, renderRichHtml, sanitizeRemoteHtml, sanitizeRichHtml } from '../../src/html/sanitize.js';

t.test('a remembered string function answers what the function answers, and calls it once per kept input', async (t) => {
  const calls: string[] = [];
  const memo = memoizeString((s) => (calls.push(s), s.toUpperCase()), { entries: 3, chars: 1000, longest: 10 });
  t.equal(memo('ab'), 'AB');
  t.equal(memo('ab'), 'AB');
  t.same(calls, ['ab'], 'the second call is remembered');
  memo('cd'); memo('ef');
  memo('ab'); // now the most recent; cd is the least recent
  memo('gh');
  t.equal(memo.size, 3, 'never more entries than the bound');
  calls.length = 0;
  memo('ab'); memo('ef'); memo('gh');
  t.same(calls, [], 'the recently used stayed');
  memo('cd');
  t.same(calls, ['cd'], 'the least recently used went first');
  calls.length = 0;
  t.equal(memo('a long input'), 'A LONG INPUT');
  t.equal(memo('a long input'), 'A LONG INPUT');
  t.same(calls, ['a long input', 'a long input'], 'inputs longer than the bound are not kept');
  t.equal(memo.size, 3);
});

t.test('the characters held stay under their bound whatever the inputs', async (t) => {
  const memo = memoizeString((s) => s + s, { entries: 1000, chars: 300, longest: 100 });
  for (let i = 0; i < 500; i++) {
    const input = `${i}:`.padEnd(10 + (i % 40), 'x');
    t.equal(memo(input), input + input);
    if (memo.chars > 300) t.fail(`held ${memo.chars} characters after ${i + 1} inputs`);
  }
  t.ok(memo.size > 1 && memo.size < 1000, `a few kept (${memo.size}), bounded by characters`);
});

t.test('the render-time sanitizers answer what the sanitizers answer, the first time and again', async (t) => {
  const inputs = [
    '<p>Hello <a href="https://x.example/a">link</a></p>',
    '<p onclick="alert(1)">x<script>alert(2)</script></p>',
    '<a href="javascript:alert(1)">bad</a><img src=x onerror=alert(1)>',
    '<table><tr><td>cell</td></tr></table><span class="h-card mention other">m</span>',
    '',
    'plain & text',
  ];
  for (let round = 0; round < 2; round++) {
    for (const html of inputs) {
      t.equal(renderRemoteHtml(html), sanitizeRemoteHtml(html), `remote, round ${round + 1}: ${html.slice(0, 30)}`);
      t.equal(renderRichHtml(html), sanitizeRichHtml(html), `rich, round ${round + 1}: ${html.slice(0, 30)}`);
    }
  }
  t.notMatch(renderRemoteHtml(inputs[1]!), /script|onclick/, 'the remembered answer is the sanitized one');
});
