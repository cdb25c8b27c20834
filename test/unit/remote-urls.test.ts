import t from 'tap';
import { generateKeyPairSync } from 'node:crypto';
import { httpUrl, httpUrlOf } from '../../src/activitypub/convert/urls.js';
import { actorFromDocument } from '../../src/activitypub/fetch/remote-actor.js';
import { postFields } from '../../src/activitypub/handlers/note.js';
import type { Actor } from '../../src/store/port.js';

const HOSTILE = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', 'file:///etc/passwd', '//evil.example/x', 'not a url', ' javascript:alert(1)'];

t.test('httpUrl keeps http(s) only, as a normalised href', async (t) => {
  t.equal(httpUrl('https://samspil.aarhus.example/@anna'), 'https://samspil.aarhus.example/@anna');
  t.equal(httpUrl('HTTP://Example.org'), 'http://example.org/');
  for (const h of HOSTILE) t.equal(httpUrl(h), null, `${h} is dropped`);
  t.equal(httpUrl(42), null);
  t.equal(httpUrl(`https://x.example/${'a'.repeat(5000)}`), null, 'absurdly long URLs are dropped');
  t.equal(httpUrlOf([{ type: 'Link', href: 'javascript:alert(1)' }, { type: 'Link', href: 'https://ok.example/' }]), 'https://ok.example/', 'the first http(s) link of a list');
  t.equal(httpUrlOf({ type: 'Image', url: 'javascript:alert(1)' }), null);
  t.equal(httpUrlOf({ type: 'Image', url: { href: 'https://ok.example/a.png' } }), 'https://ok.example/a.png');
});

t.test('remote actors and posts keep no script URL in url, icon or image', async (t) => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const now = new Date().toISOString();
  for (const h of HOSTILE) {
    const actor = actorFromDocument({
      id: 'https://remote.example/users/x', type: 'Person', preferredUsername: 'x', inbox: 'https://remote.example/users/x/inbox',
      publicKey: { id: 'https://remote.example/users/x#main-key', owner: 'https://remote.example/users/x', publicKeyPem: publicKey },
      url: h, icon: { type: 'Image', url: h }, image: [h],
    }, now);
    t.same([actor.url, actor.avatarUrl, actor.headerUrl], [null, null, null], `actor: ${h}`);
    const post = postFields({ id: 'https://remote.example/notes/1', type: 'Note', attributedTo: 'https://remote.example/users/x', content: 'hi', url: h, to: ['https://www.w3.org/ns/activitystreams#Public'] }, { id: '1', uri: 'https://remote.example/users/x', followersUri: null } as unknown as Actor, now);
    t.equal(post.url, null, `post: ${h}`);
  }
});
