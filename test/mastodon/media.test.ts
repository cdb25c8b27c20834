import t from 'tap';
import { deflateSync } from 'node:zlib';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { makeLoggedApp } from './helpers.js';
import { createAccount, createPersonalToken } from '../../src/domain/accounts/accounts.js';
import { eraseAccount } from '../../src/domain/privacy/erase.js';
import { exportAccount } from '../../src/domain/privacy/export.js';
import { attachMedia } from '../../src/domain/media/media.js';
import { sniff } from '../../src/domain/media/sniff.js';

/** A real, decodable PNG of the given size (grey pixels). */
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc((width + 1) * height, 0x80);
  for (let y = 0; y < height; y++) raw[y * (width + 1)] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** The segments of a baseline JPEG header up to its frame: enough for type and size detection. */
function jpegHeader(width: number, height: number): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x0b, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x01, 0x01, 0x11, 0x00]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}

async function multipart(parts: Record<string, string | { data: Buffer; type: string; name: string }>) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(parts)) {
    if (typeof v === 'string') fd.append(k, v);
    else fd.append(k, new Blob([v.data], { type: v.type }), v.name);
  }
  const r = new Request('http://x/', { method: 'POST', body: fd });
  return { payload: Buffer.from(await r.arrayBuffer()), headers: { 'content-type': r.headers.get('content-type')! } };
}

async function upload(app: FastifyInstance, token: string, parts: Parameters<typeof multipart>[0], url = '/api/v2/media') {
  const body = await multipart(parts);
  return app.inject({ method: 'POST', url, payload: body.payload, headers: { ...body.headers, authorization: `Bearer ${token}` } });
}

t.test('sniffing reads the real type and size from the bytes', async (t) => {
  t.match(sniff(png(3, 2)), { contentType: 'image/png', width: 3, height: 2, kind: 'image' });
  t.match(sniff(jpegHeader(640, 480)), { contentType: 'image/jpeg', width: 640, height: 480 });
  t.match(sniff(Buffer.from('GIF89a\x05\x00\x07\x00', 'latin1')), { contentType: 'image/gif', width: 5, height: 7 });
  t.match(sniff(Buffer.from('%PDF-1.7\n')), { contentType: 'application/pdf', kind: 'document', width: null });
  t.equal(sniff(Buffer.from('<html><script>alert(1)</script>')), undefined);
  t.equal(sniff(Buffer.from([0xff, 0xd8])), undefined, 'too short to be a JPEG');
});

t.test('uploads: types, caps, descriptions, ownership, serving, export and erasure', async (t) => {
  const { deps, app } = await makeLoggedApp(t);
  const anna = (await createPersonalToken(deps, 'anna', ['read', 'write'])).token;
  await createAccount(deps, { username: 'bo', password: 'a long enough password' });
  const bo = (await createPersonalToken(deps, 'bo', ['read', 'write'])).token;
  const readOnly = (await createPersonalToken(deps, 'anna', ['read'])).token;
  const image = png(40, 30);

  const r = await upload(app, anna, { file: { data: image, type: 'image/png', name: 'chart.png' }, description: 'waiting times', focus: '0.5,-0.25' });
  t.equal(r.statusCode, 200, r.body);
  const media = r.json();
  t.match(media, { id: /^\d+$/, type: 'image', description: 'waiting times', meta: { focus: { x: 0.5, y: -0.25 }, original: { width: 40, height: 30, size: '40x30', aspect: 40 / 30 } }, blurhash: null });
  t.match(media.url, new RegExp(`^${deps.urls.base}/media/\\d+-[0-9a-f]{16}\\.png$`), 'a server-chosen name, not the client\'s');

  const file = await app.inject({ method: 'GET', url: new URL(media.url).pathname });
  t.equal(file.statusCode, 200);
  t.equal(file.headers['content-type'], 'image/png');
  t.equal(file.headers['x-content-type-options'], 'nosniff');
  t.match(file.headers['content-security-policy'], /sandbox/);
  t.same(file.rawPayload, image, 'the bytes come back unchanged');
  t.equal((await app.inject({ method: 'GET', url: '/media/..%2Fsamspil.sqlite' })).statusCode, 404, 'no path traversal');
  t.equal((await app.inject({ method: 'GET', url: '/media/1-0000000000000000.png' })).statusCode, 404);

  const pdf = await upload(app, anna, { file: { data: Buffer.from('%PDF-1.4\n% evaluation report\n'), type: 'application/pdf', name: 'report.pdf' } }, '/api/v1/media');
  t.equal(pdf.statusCode, 200);
  t.match(pdf.json(), { type: 'unknown', preview_url: null });

  const disguised = await upload(app, anna, { file: { data: Buffer.from('<html><script>alert(1)</script></html>'), type: 'image/png', name: 'x.png' } });
  t.equal(disguised.statusCode, 422, 'HTML sent as image/png is refused');
  t.match(disguised.json().error, /content type is invalid/);
  const huge = await upload(app, anna, { file: { data: Buffer.concat([image, Buffer.alloc(17 * 1024 * 1024)]), type: 'image/png', name: 'big.png' } });
  t.equal(huge.statusCode, 422);
  t.match(huge.json().error, /less than 16 MB/);
  const pixels = await upload(app, anna, { file: { data: jpegHeader(10_000, 10_000), type: 'image/jpeg', name: 'p.jpg' } });
  t.equal(pixels.statusCode, 422, 'a decompression bomb is refused by its declared size');
  const tooBig = await upload(app, anna, { file: { data: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(22 * 1024 * 1024)]), type: 'application/pdf', name: 'huge.pdf' } });
  t.equal(tooBig.statusCode, 413, 'over the route body cap');
  t.same(tooBig.json(), { error: 'Payload Too Large' });
  const noFile = await upload(app, anna, { description: 'nothing' });
  t.equal(noFile.statusCode, 400);
  t.match(noFile.json().error, /File can't be blank/);
  t.equal((await upload(app, readOnly, { file: { data: image, type: 'image/png', name: 'a.png' } })).statusCode, 403, 'write:media scope needed');
  t.equal((await upload(app, anna, { file: { data: image, type: 'image/png', name: 'a.png' }, focus: '2,0' })).statusCode, 422, 'focus out of range');

  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const put = await app.inject({ method: 'PUT', url: `/api/v1/media/${media.id}`, headers: auth(anna), payload: { description: 'median waiting time, weeks' } });
  t.equal(put.json().description, 'median waiting time, weeks');
  t.equal((await app.inject({ method: 'PUT', url: `/api/v1/media/${media.id}`, headers: auth(anna), payload: { description: 'x'.repeat(1501) } })).statusCode, 422);
  t.equal((await app.inject({ method: 'GET', url: `/api/v1/media/${media.id}`, headers: auth(bo) })).statusCode, 404, "bo cannot see anna's upload");
  t.equal((await app.inject({ method: 'GET', url: `/api/v1/media/${media.id}`, headers: auth(anna) })).statusCode, 200);

  const v2 = (await app.inject({ method: 'GET', url: '/api/v2/instance' })).json();
  t.ok(v2.configuration.media_attachments.supported_mime_types.includes('application/pdf'));
  t.equal(v2.configuration.statuses.max_media_attachments, 4);

  // Attaching: at most four, only your own, each once.
  const annaActor = (await deps.store.actors.getByUsername('anna', null))!;
  const boMedia = (await upload(app, bo, { file: { data: image, type: 'image/png', name: 'b.png' } })).json();
  await t.rejects(attachMedia(deps.store, annaActor, [boMedia.id], 'post1'), /not yours/);
  await t.rejects(attachMedia(deps.store, annaActor, ['1', '2', '3', '4', '5'], 'post1'), /at most 4/);
  t.equal((await attachMedia(deps.store, annaActor, [media.id], 'post1')).length, 1);
  await t.rejects(attachMedia(deps.store, annaActor, [media.id], 'post2'), /already attached/);

  const archive = await exportAccount(deps, { username: 'anna', by: 'test' });
  const attachments = archive.attachments as Array<{ id: string; file: string; contentType: string }>;
  t.same(attachments.map((a) => a.contentType).sort(), ['application/pdf', 'image/png']);
  const path = join(deps.config.dataDir, 'media', attachments.find((a) => a.id === media.id)!.file);
  t.ok(existsSync(path));

  const erased = await eraseAccount(deps, { username: 'anna', by: 'test' });
  t.equal(erased.mediaDeleted, 2);
  t.notOk(existsSync(path), 'the file is gone with the person');
  t.equal((await app.inject({ method: 'GET', url: new URL(media.url).pathname })).statusCode, 404);
  t.equal((await app.inject({ method: 'GET', url: `/api/v1/media/${boMedia.id}`, headers: auth(bo) })).statusCode, 200, "bo's upload stays");
});
