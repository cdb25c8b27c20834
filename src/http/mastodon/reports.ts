import type { FastifyInstance } from 'fastify';
import type { FedDeps } from '../../activitypub/federation.js';
import { fileClientReport } from '../../domain/moderation/admin.js';
import { readSchema } from '../../schemas.js';
import { requireAuth } from '../plugins/auth.js';
import { serializeReport } from './entities/report.js';
import { toBool } from './params.js';

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

/** POST /api/v1/reports: staff report an account (and some of its posts) to the moderators. */
export async function reportRoutes(app: FastifyInstance, deps: FedDeps): Promise<void> {
  app.post('/v1/reports', { preHandler: requireAuth(deps, 'write:reports'), schema: { body: readSchema('mastodon/report-create.json') } }, async (request) => {
    const body = request.body as Record<string, unknown>;
    const view = await fileClientReport(deps, request.principal!.actor!, {
      accountId: String(body.account_id),
      statusIds: asList(body.status_ids),
      comment: typeof body.comment === 'string' ? body.comment : undefined,
      category: typeof body.category === 'string' ? body.category : undefined,
      forward: toBool(body.forward) ?? false,
    });
    return serializeReport(deps.urls, view.report, view.target, view.statusIds);
  });
}
