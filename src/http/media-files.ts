import type { FastifyInstance } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { openMediaFile } from '../domain/media/media.js';

/**
 * Serves uploaded files. The type comes from the sniffed extension we chose, never the uploader;
 * nosniff and a sandboxing CSP keep a crafted file from running as a page on our origin.
 */
export async function mediaFileRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  app.get('/media/:name', async (request, reply) => {
    const file = await openMediaFile(deps, (request.params as { name: string }).name);
    return reply
      .type(file.contentType)
      .header('content-length', file.size)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('access-control-allow-origin', '*')
      .send(file.stream);
  });
}
