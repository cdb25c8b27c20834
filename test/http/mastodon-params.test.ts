import t from 'tap';
import { railsParams, toBool, limitParam, parseMultipart } from '../../src/http/mastodon/params.js';
import { plainTextToHtml, plainLineToHtml, htmlToPlainText } from '../../src/html/plain-text.js';

t.test('Rails-style params as Mastodon reads them', async (t) => {
  t.same(railsParams([['id[]', '1'], ['id[]', '2'], ['q', 'x']]), { id: ['1', '2'], q: 'x' });
  t.same(railsParams([['fields_attributes[1][name]', 'b'], ['fields_attributes[0][name]', 'a'], ['fields_attributes[0][value]', 'A']]),
    { fields_attributes: [{ name: 'a', value: 'A' }, { name: 'b' }] }, 'index-keyed objects become arrays in index order');
  t.same(railsParams([['source[privacy]', 'public'], ['source[language]', 'da']]), { source: { privacy: 'public', language: 'da' } });
  t.same(railsParams([['k[][keyword]', 'a'], ['k[][whole_word]', 'true'], ['k[][keyword]', 'b'], ['k[][x][y]', '1']]), { k: [{ keyword: 'a', whole_word: 'true' }, { keyword: 'b', x: { y: '1' } }] }, 'a[][k]: Rack starts a new object when the last has the key');
  t.same(railsParams([['home[last_read_id]', '5']]), { home: { last_read_id: '5' } });
  t.same(railsParams([['weird]key', 'v']]), { 'weird]key': 'v' });
});

t.test('booleans and limits', async (t) => {
  for (const v of [true, 'true', '1', 'on']) t.equal(toBool(v), true, String(v));
  for (const v of [false, 'false', '0', 'off']) t.equal(toBool(v), false, String(v));
  t.equal(toBool(undefined), undefined);
  t.equal(toBool(''), undefined);
  t.throws(() => toBool('maybe'), { code: 'PARAM_INVALID' });
  t.equal(limitParam(undefined, 40), 40);
  t.equal(limitParam('5', 40), 5);
  t.equal(limitParam('500', 40), 80);
  t.equal(limitParam('-3', 40), 3);
});

t.test('multipart text fields parse, files are refused', async (t) => {
  const fd = new FormData();
  fd.append('note', 'hi');
  fd.append('fields_attributes[0][name]', 'n');
  const req = new Request('http://x/', { method: 'POST', body: fd });
  t.same(await parseMultipart(req.headers.get('content-type')!, Buffer.from(await req.arrayBuffer())), { note: 'hi', fields_attributes: [{ name: 'n' }] });
  const withFile = new FormData();
  withFile.append('header', new Blob(['x']), 'h.png');
  const fileReq = new Request('http://x/', { method: 'POST', body: withFile });
  await t.rejects(parseMultipart(fileReq.headers.get('content-type')!, Buffer.from(await fileReq.arrayBuffer())), { code: 'UPLOAD_UNSUPPORTED' });
  await t.rejects(parseMultipart('multipart/form-data; boundary=zzz', Buffer.from('garbage')), { code: 'BODY_MALFORMED' });
});

t.test('plain text <-> HTML for notes and fields', async (t) => {
  t.equal(plainTextToHtml('a <b> & "c"'), '<p>a &lt;b&gt; &amp; &quot;c&quot;</p>');
  t.equal(plainTextToHtml('one\ntwo\n\nthree'), '<p>one<br>two</p><p>three</p>');
  t.equal(plainTextToHtml('see https://x.example/a?b=1&c=2.'), '<p>see <a href="https://x.example/a?b=1&amp;c=2" rel="nofollow noopener noreferrer" target="_blank">https://x.example/a?b=1&amp;c=2</a>.</p>');
  t.equal(plainTextToHtml('javascript:alert(1) is not a link'), '<p>javascript:alert(1) is not a link</p>');
  t.equal(plainTextToHtml('  \n\n '), '');
  t.equal(plainLineToHtml('a\nb'), 'a b');
  for (const text of ['a <b> & "c"', 'one\ntwo\n\nthree', 'see https://x.example/a?b=1&c=2.', "it's"]) {
    t.equal(htmlToPlainText(plainTextToHtml(text)), text, `round trip: ${text}`);
  }
  t.equal(htmlToPlainText('<p>x&#x41;&#66;&nbsp;y</p>'), 'xAB y');
});
