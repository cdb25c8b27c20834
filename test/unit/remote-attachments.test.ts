import t from 'tap';
import { cleanAttachments, MAX_REMOTE_ATTACHMENTS } from '../../src/activitypub/convert/remote-attachments.js';
import { sanitizePost } from '../../src/activitypub/handlers/note.js';

t.test('remote attachments: capped, http(s) only, allowed media types, alt text capped', async (t) => {
  const img = (n: number, over: Record<string, unknown> = {}) => ({ type: 'Document', mediaType: 'image/png', url: `https://remote.example/m/${n}.png`, name: `alt ${n}`, width: 40, height: 30, ...over });
  const cleaned = cleanAttachments([
    img(1, { url: 'javascript:alert(1)' }),
    img(2, { mediaType: 'text/html' }),
    img(3, { type: 'Link' }),
    { type: 'Document', url: 'https://remote.example/no-type' },
    img(4, { name: 'x'.repeat(5000), blurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj' }),
    img(5, { url: [{ type: 'Link', href: 'data:text/html,<script>', mediaType: 'text/html' }, { type: 'Link', href: 'https://remote.example/m/5.webp', mediaType: 'image/webp' }], mediaType: undefined }),
    { type: 'Image', url: 'https://remote.example/m/6.jpg' },
    img(7, { width: -3, blurhash: '<script>' }),
    img(8),
    img(9),
  ]);
  t.equal(cleaned.length, MAX_REMOTE_ATTACHMENTS);
  t.same(cleaned.map((a) => a.url), ['https://remote.example/m/4.png', 'https://remote.example/m/5.webp', 'https://remote.example/m/6.jpg', 'https://remote.example/m/7.png']);
  t.equal(cleaned[0]!.name!.length, 1500);
  t.equal(cleaned[0]!.blurhash, 'LEHV6nWB2yk8pyo0adR*.7kCMdnj');
  t.equal(cleaned[1]!.mediaType, 'image/webp', 'media type from the chosen link');
  t.equal(cleaned[2]!.mediaType, null, 'an Image without a media type is kept');
  t.notOk('width' in cleaned[3]!, 'bad dimensions dropped');
  t.notOk('blurhash' in cleaned[3]!, 'bad blurhash dropped');
  t.same(cleanAttachments('nonsense'), []);
  t.same(cleanAttachments(undefined), []);
  t.same(cleanAttachments({ type: 'Image', url: 'https://remote.example/one.gif' }).length, 1, 'a single object, not a list');
});

t.test('sanitizePost cleans attachments along with the HTML', async (t) => {
  const out = sanitizePost({ id: 'https://r.example/1', type: 'Note', content: '<p onclick="x()">hi</p>', attachment: [{ type: 'Document', mediaType: 'image/png', url: 'javascript:alert(1)' }] });
  t.same(out.attachment, []);
  t.notMatch(String(out.content), /onclick/);
});
