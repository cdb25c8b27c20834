import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import { DomainError, invalid } from '../../errors.js';
import { getOwnMedia, MEDIA_LIMITS, updateMedia, uploadMedia } from '../../domain/media/media.js';
import { readSchema } from '../../schemas.js';
import { requireAuth } from '../plugins/auth.js';
import { serializeMedia } from './entities/media.js';

interface Upload {
  file?: Buffer;
  fields: Record<string, string>;
}

async function readUpload(contentType: string, body: Buffer): Promise<Upload> {
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch (e) {
    throw new DomainError('invalid', 'BODY_MALFORMED', `the multipart body could not be read: ${(e as Error).message}`, { cause: e });
  }
  const upload: Upload = { fields: {} };
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string') upload.fields[key] = value;
    else if (key === 'file') upload.file = Buffer.from(await value.arrayBuffer());
    // A custom thumbnail (for audio/video) has no use for the types we accept.
  }
  return upload;
}

/**
 * Uploads (POST /api/v1/media and /api/v2/media), their descriptions and focal points. The body
 * cap here is the largest file we accept plus form overhead; the app-wide cap stays small.
 */
export async function mediaRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(async (scope) => {
    scope.removeContentTypeParser('multipart/form-data');
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, async (request: FastifyRequest, body: Buffer) =>
      readUpload(String(request.headers['content-type']), body));
    const upload = async (request: FastifyRequest) => {
      const body = request.body as unknown;
      // Any other body (JSON of any shape: a number, true, a list) is no upload; `in` on a primitive would throw.
      if (!body || typeof body !== 'object' || !('fields' in body) || !Buffer.isBuffer((body as Upload).file)) throw invalid('PARAM_MISSING', 'Validation failed: File can\'t be blank (send it as multipart/form-data field "file")');
      const { file, fields } = body as Upload;
      return serializeMedia(deps, await uploadMedia(deps, request.principal!.actor!, { data: file!, description: fields.description, focus: fields.focus }));
    };
    const options = { preHandler: requireAuth(deps, 'write:media'), bodyLimit: MEDIA_LIMITS.documentBytes + 1024 * 1024 };
    scope.post('/v1/media', options, upload);
    // Mastodon answers 202 while it transcodes; images and PDFs are ready at once, so 200.
    scope.post('/v2/media', options, upload);
  });

  app.get('/v1/media/:id', { preHandler: requireAuth(deps, 'write:media') }, async (request) =>
    serializeMedia(deps, await getOwnMedia(deps, request.principal!.actor!, (request.params as { id: string }).id)));
  app.put('/v1/media/:id', { preHandler: requireAuth(deps, 'write:media'), schema: { body: readSchema('mastodon/media-update.json') } }, async (request) => {
    const body = request.body as Record<string, unknown>;
    const media = await updateMedia(deps, request.principal!.actor!, (request.params as { id: string }).id, {
      description: typeof body.description === 'string' ? body.description : undefined,
      focus: typeof body.focus === 'string' ? body.focus : undefined,
    });
    return serializeMedia(deps, media);
  });
}
