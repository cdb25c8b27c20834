import t from 'tap';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeApp } from '../helpers/app.js';
import { uploadMedia } from '../../src/domain/media/media.js';
import { eraseAccount } from '../../src/domain/privacy/erase.js';
import { fullSolution, staffToken } from './fixtures.js';

const PDF = Buffer.from('%PDF-1.4\n% evaluering 2025\n');

t.test("a solution's attachments can be the author's own uploads; kept solutions keep their files when the author is erased", async (t) => {
  const { app, deps } = await makeApp(t);
  const token = await staffToken(deps, 'hanne');
  const other = await staffToken(deps, 'ole');
  const hanne = (await deps.store.actors.getByUsername('hanne', null))!;
  const ole = (await deps.store.actors.getByUsername('ole', null))!;
  const agency = (await deps.store.actors.getByUsername('jobcenter', null))!;
  const upload = await uploadMedia(deps, hanne, { data: PDF, description: 'Evalueringsrapport 2025' });
  const olesUpload = await uploadMedia(deps, ole, { data: PDF });
  const post = (body: Record<string, unknown>, tk = token) => app.inject({ method: 'POST', url: '/api/v1/solutions', headers: { authorization: `Bearer ${tk}` }, payload: body });

  const bad = await post(fullSolution({ attachments: [{ mediaId: 'x' }] }));
  t.equal(bad.statusCode, 400);
  t.match(bad.headers['content-type'], /application\/problem\+json/);
  t.same(bad.json().errors.map((e: { pointer: string }) => e.pointer), ['/attachments/0/mediaId']);
  const foreign = await post(fullSolution({ attachments: [{ mediaId: olesUpload.id }] }));
  t.equal(foreign.statusCode, 400, "someone else's upload");
  t.match(foreign.json().errors[0], { pointer: '/attachments', detail: /not yours/ });

  const ok = await post(fullSolution({ attachments: [{ mediaId: upload.id }, { url: 'https://example.org/film', mediaType: 'video/mp4', name: 'Film' }] }));
  t.equal(ok.statusCode, 201, ok.body);
  const s = ok.json();
  t.match(s.attachments[0], { url: `${deps.urls.base}/media/${upload.fileName}`, mediaType: 'application/pdf', name: 'Evalueringsrapport 2025' }, 'the upload, with its description as name');
  t.match(s.attachments[1], { url: 'https://example.org/film' }, 'next to a file hosted elsewhere');
  t.equal((await deps.store.media.getById(upload.id))?.objectId, s.id, 'bound to the solution');
  const article = (await deps.store.objects.getById(s.id))!.data;
  t.match(article.attachment, [{ type: 'Document', mediaType: 'application/pdf', url: s.attachments[0].url }], 'federated as a Document');
  const again = await post(fullSolution({ attachments: [{ mediaId: upload.id, name: 'igen' }] }));
  t.equal(again.statusCode, 400, 'an upload is used once');
  t.equal((await post(fullSolution({ attachments: [{ mediaId: olesUpload.id, name: 'Oles' }] }), other)).statusCode, 201, 'by its owner it is fine');

  const erased = await eraseAccount(deps, { username: 'hanne', by: 'admin' });
  t.equal(erased.solutionsKept, 1);
  t.equal(erased.mediaDeleted, 0, 'the upload of a kept solution is not deleted with her');
  t.equal((await deps.store.media.getById(upload.id))?.ownerActorId, agency.id, 'it is the agency\'s now');
  t.ok(existsSync(join(deps.config.dataDir, 'media', upload.fileName)));
  t.equal((await app.inject({ url: `/media/${upload.fileName}` })).statusCode, 200, 'and still served');
});
