import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FedDeps } from '../../../activitypub/federation.js';
import { invalid, notFound } from '../../../errors.js';
import {
  actOnAccount, assertStaff, getAdminAccount, getReport, listReportViews, localUsernameOf, unsuspendAccount, type ReportView,
} from '../../../domain/moderation/admin.js';
import { forwardReport } from '../../../domain/moderation/forward.js';
import { resolveReport } from '../../../domain/moderation/reports.js';
import {
  getFederationMode, listDomainPolicies, normalizeDomain, removeDomainPolicy, setDomainPolicy, setFederationMode,
} from '../../../domain/policy/domains.js';
import { exportAccount } from '../../../domain/privacy/export.js';
import { eraseAccount } from '../../../domain/privacy/erase.js';
import type { DomainAction, DomainPolicy } from '../../../store/port.js';
import { readSchema } from '../../../schemas.js';
import { requireAuth } from '../../plugins/auth.js';
import { serializeAdminAccount, serializeAdminReport, serializeDomainAllow, serializeDomainBlock } from '../entities/report.js';
import { limitParam, toBool } from '../params.js';

type Params = Record<string, unknown>;
const idParam = (request: FastifyRequest) => (request.params as { id: string }).id;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * Mastodon's admin API (the subset Samspil models) plus three Samspil additions an agency needs:
 * forwarding a report after the fact, the allow-list federation mode, and export/erasure of a
 * person's data. Moderators handle reports and accounts; domain policy and erasure are admin-only.
 */
export async function adminRoutes(app: FastifyInstance, deps: FedDeps): Promise<void> {
  const { urls } = deps;
  const staff = (level: 'moderator' | 'admin', scope: string) => {
    const auth = requireAuth(deps, scope);
    return async function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
      await auth.call(this, request, reply);
      assertStaff(request.principal!, level);
    };
  };
  const by = (request: FastifyRequest) => request.principal!.actor!.username;
  const presentReport = (v: ReportView) => serializeAdminReport(urls, v.report, v);

  // Reports
  app.get('/v1/admin/reports', { preHandler: staff('moderator', 'admin:read:reports') }, async (request, reply) => {
    const q = request.query as Params;
    const limit = limitParam(q.limit, 100);
    const resolved = toBool(q.resolved);
    const views = await listReportViews(deps, { resolved: resolved ?? false, limit, beforeId: str(q.max_id) });
    if (views.length === limit) {
      const url = new URL(request.url, urls.base);
      url.searchParams.set('max_id', views[views.length - 1]!.report.id);
      reply.header('link', `<${urls.base}${url.pathname}${url.search}>; rel="next"`);
    }
    return views.map(presentReport);
  });
  app.get('/v1/admin/reports/:id', { preHandler: staff('moderator', 'admin:read:reports') }, async (request) => presentReport(await getReport(deps, idParam(request))));
  app.post('/v1/admin/reports/:id/resolve', { preHandler: staff('moderator', 'admin:write:reports') }, async (request) => {
    const body = (request.body ?? {}) as Params;
    const resolution = str(body.resolution);
    if (resolution !== undefined && resolution.length > 1000) throw invalid('RESOLUTION_TOO_LONG', 'resolution is longer than 1000 characters');
    const view = await getReport(deps, idParam(request));
    await resolveReport(deps, { id: view.report.id, by: by(request), resolution });
    return presentReport(await getReport(deps, view.report.id));
  });
  app.post('/v1/admin/reports/:id/forward', { preHandler: staff('moderator', 'admin:write:reports') }, async (request) => {
    const view = await getReport(deps, idParam(request));
    await forwardReport(deps, { id: view.report.id, by: by(request) });
    return presentReport(await getReport(deps, view.report.id));
  });

  // Accounts
  app.get('/v1/admin/accounts/:id', { preHandler: staff('moderator', 'admin:read:accounts') }, async (request) => {
    const { actor, user } = await getAdminAccount(deps, idParam(request));
    return serializeAdminAccount(urls, actor, user);
  });
  app.post('/v1/admin/accounts/:id/action', { preHandler: staff('moderator', 'admin:write:accounts'), schema: { body: readSchema('mastodon/admin-account-action.json') } }, async (request) => {
    const body = request.body as Params;
    await actOnAccount(deps, { id: idParam(request), type: String(body.type), by: by(request), text: str(body.text), reportId: str(body.report_id) });
    return {};
  });
  app.post('/v1/admin/accounts/:id/unsuspend', { preHandler: staff('moderator', 'admin:write:accounts') }, async (request) => {
    const { actor, user } = await unsuspendAccount(deps, { id: idParam(request), by: by(request) });
    return serializeAdminAccount(urls, actor, user);
  });
  app.get('/v1/admin/accounts/:id/export', { preHandler: staff('admin', 'admin:read:accounts') }, async (request, reply) => {
    const username = await localUsernameOf(deps, idParam(request));
    const archive = await exportAccount(deps, { username, by: by(request) });
    reply.header('content-disposition', `attachment; filename="samspil-export-${username}.json"`);
    return archive;
  });
  app.delete('/v1/admin/accounts/:id', { preHandler: staff('admin', 'admin:write:accounts') }, async (request) => {
    const q = request.query as Params;
    if (q.solutions !== undefined && q.solutions !== 'keep' && q.solutions !== 'delete') throw invalid('PARAM_INVALID', 'solutions must be "keep" (default: they stay the agency\'s, without the name) or "delete"');
    const username = await localUsernameOf(deps, idParam(request));
    const result = await eraseAccount(deps, { username, by: by(request), solutions: q.solutions === 'delete' ? 'delete' : 'keep' });
    return {
      erased: result.username, objects_deleted: result.objectsDeleted, media_deleted: result.mediaDeleted,
      solutions_kept: result.solutionsKept, solutions_deleted: result.solutionsDeleted, inboxes_notified: result.inboxes,
    };
  });

  // Domain policy
  const policies = async (kind: 'blocks' | 'allows'): Promise<DomainPolicy[]> =>
    (await listDomainPolicies(deps)).policies.filter((p) => (kind === 'allows' ? p.action === 'allow' : p.action !== 'allow'));
  const policyOf = async (kind: 'blocks' | 'allows', id: string): Promise<DomainPolicy> => {
    let domain: string;
    try {
      domain = normalizeDomain(id);
    } catch {
      throw notFound('DOMAIN_POLICY_NOT_FOUND', 'Record not found');
    }
    const p = (await policies(kind)).find((x) => x.domain === domain);
    if (!p) throw notFound('DOMAIN_POLICY_NOT_FOUND', 'Record not found');
    return p;
  };
  const blockAction = (severity: unknown): DomainAction => {
    if (severity === undefined || severity === 'silence') return 'silence';
    if (severity === 'suspend') return 'block';
    throw invalid('SEVERITY_UNSUPPORTED', 'severity "noop" (media-only rules) is not supported; use "silence" or "suspend"');
  };

  app.get('/v1/admin/domain_blocks', { preHandler: staff('admin', 'admin:read:domain_blocks') }, async () => (await policies('blocks')).map(serializeDomainBlock));
  app.get('/v1/admin/domain_blocks/:id', { preHandler: staff('admin', 'admin:read:domain_blocks') }, async (request) => serializeDomainBlock(await policyOf('blocks', idParam(request))));
  app.post('/v1/admin/domain_blocks', { preHandler: staff('admin', 'admin:write:domain_blocks'), schema: { body: readSchema('mastodon/admin-domain-block.json') } }, async (request) => {
    const body = request.body as Params;
    if (!str(body.domain)) throw invalid('PARAM_MISSING', 'domain is missing');
    const action = blockAction(body.severity);
    const domain = normalizeDomain(str(body.domain)!);
    const existing = (await listDomainPolicies(deps)).policies.find((p) => p.domain === domain);
    // Mastodon refuses a second block for a domain (update it instead); an allow entry is replaced.
    if (existing && existing.action !== 'allow') throw invalid('DOMAIN_BLOCK_EXISTS', `${domain} is already ${existing.action === 'block' ? 'suspended' : 'silenced'}; update that block instead`);
    return serializeDomainBlock(await setDomainPolicy(deps, { domain, action, reason: str(body.private_comment) ?? null, by: by(request), ip: request.ip }));
  });
  app.put('/v1/admin/domain_blocks/:id', { preHandler: staff('admin', 'admin:write:domain_blocks'), schema: { body: readSchema('mastodon/admin-domain-block.json') } }, async (request) => {
    const body = request.body as Params;
    const current = await policyOf('blocks', idParam(request));
    const action = body.severity === undefined ? current.action : blockAction(body.severity);
    const reason = body.private_comment === undefined ? current.reason : str(body.private_comment) ?? null;
    return serializeDomainBlock(await setDomainPolicy(deps, { domain: current.domain, action, reason, by: by(request), ip: request.ip }));
  });
  app.delete('/v1/admin/domain_blocks/:id', { preHandler: staff('admin', 'admin:write:domain_blocks') }, async (request) => {
    const current = await policyOf('blocks', idParam(request));
    await removeDomainPolicy(deps, { domain: current.domain, by: by(request), ip: request.ip });
    return {};
  });

  app.get('/v1/admin/domain_allows', { preHandler: staff('admin', 'admin:read') }, async () => (await policies('allows')).map(serializeDomainAllow));
  app.get('/v1/admin/domain_allows/:id', { preHandler: staff('admin', 'admin:read') }, async (request) => serializeDomainAllow(await policyOf('allows', idParam(request))));
  app.post('/v1/admin/domain_allows', { preHandler: staff('admin', 'admin:write'), schema: { body: readSchema('mastodon/admin-domain-allow.json') } }, async (request) => {
    const body = request.body as Params;
    const domain = normalizeDomain(String(body.domain));
    const existing = (await listDomainPolicies(deps)).policies.find((p) => p.domain === domain);
    if (existing?.action === 'allow') return serializeDomainAllow(existing);
    if (existing) throw invalid('DOMAIN_BLOCKED', `${domain} has a domain block; remove it before allowing the domain`);
    return serializeDomainAllow(await setDomainPolicy(deps, { domain, action: 'allow', by: by(request), ip: request.ip }));
  });
  app.delete('/v1/admin/domain_allows/:id', { preHandler: staff('admin', 'admin:write') }, async (request) => {
    const current = await policyOf('allows', idParam(request));
    await removeDomainPolicy(deps, { domain: current.domain, by: by(request), ip: request.ip });
    return {};
  });

  app.get('/v1/admin/federation_mode', { preHandler: staff('admin', 'admin:read') }, async () => ({ mode: await getFederationMode(deps) }));
  app.put('/v1/admin/federation_mode', { preHandler: staff('admin', 'admin:write'), schema: { body: readSchema('mastodon/admin-federation-mode.json') } }, async (request) => {
    const body = request.body as Params;
    return { mode: await setFederationMode(deps, { mode: String(body.mode), by: by(request), ip: request.ip }) };
  });
}
