// Serves N remote actors (Person documents with RSA keys) on loopback, as a remote server would,
// so the instance under test fetches and caches their keys on first sight. Prints READY <port>.
// The private keys go to the parent through a file so it can sign as these actors.
import { createServer } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const count = Number(process.argv[2] ?? 100);
const keysOut = process.argv[3];
const keys = Array.from({ length: Math.min(count, 10) }, () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } }));
// Ten key pairs shared round-robin: key generation is not what is measured, and each actor still has its own keyId.
let port = 0;
const actorDoc = (i) => {
  const id = `http://127.0.0.1:${port}/users/a${i}`;
  return {
    '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
    id, type: 'Person', preferredUsername: `a${i}`, name: `Actor ${i}`, inbox: `${id}/inbox`, outbox: `${id}/outbox`,
    followers: `${id}/followers`, following: `${id}/following`, endpoints: { sharedInbox: `http://127.0.0.1:${port}/inbox` },
    publicKey: { id: `${id}#main-key`, owner: id, publicKeyPem: keys[i % keys.length].publicKey },
  };
};
const server = createServer((req, res) => {
  const m = /^\/users\/a(\d+)$/.exec(req.url.split('?')[0]);
  if (req.method === 'GET' && m && Number(m[1]) < count) {
    const body = JSON.stringify(actorDoc(Number(m[1])));
    res.writeHead(200, { 'content-type': 'application/activity+json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
  }
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(req.method === 'POST' ? 202 : 404, { 'content-length': '0' });
    res.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  port = server.address().port;
  if (keysOut) writeFileSync(keysOut, JSON.stringify({ port, count, privateKeys: keys.map((k) => k.privateKey) }));
  process.stdout.write(`READY ${port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
