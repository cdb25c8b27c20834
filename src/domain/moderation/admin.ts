import { DomainError, forbidden, invalid, notFound } from '../../errors.js';
import type { Actor, Report, User } from '../../store/port.js';
import type { Principal } from '../auth/authenticate.js';
import type { Deps } from '../deps.js';
import { disableAccount } from '../accounts/accounts.js';
import { fileReport, resolveReport } from './reports.js';
import { forwardReport } from './forward.js';
import { suspendActor, unsuspendActor } from './suspend.js';

type FedLike = Deps & { wake?: () => void };

/**
 * Who may use the admin API. Moderators handle reports and accounts; domain policy and erasure
 * change what the whole agency federates with or keeps, so they are admin-only.
 */
export function assertStaff(principal: Principal, level: 'moderator' | 'admin'): User {
  const user = principal.user;
  const ok = user && (user.role === 'admin' || (level === 'moderator' && user.role === 'moderator'));
  if (!ok) throw forbidden('ROLE_REQUIRED', 'This action is not allowed');
  return user;
}

export interface ReportView {
  report: Report;
  reporter: Actor;
  reporterUser?: User;
  target: Actor;
  targetUser?: User;
  statusIds: string[];
}

export async function viewReport(deps: Deps, report: Report): Promise<ReportView> {
  const [reporter, target] = await Promise.all([deps.store.actors.getById(report.reporterActorId), deps.store.actors.getById(report.targetActorId)]);
  if (!reporter || !target) throw notFound('REPORT_NOT_FOUND', `report ${report.id} names an account that no longer exists`);
  const [reporterUser, targetUser] = await Promise.all([
    reporter.domain === null ? deps.store.users.getByActorId(reporter.id) : undefined,
    target.domain === null ? deps.store.users.getByActorId(target.id) : undefined,
  ]);
  const statusIds: string[] = [];
  for (const uri of report.objectUris) {
    const o = await deps.store.objects.getByUri(uri);
    if (o) statusIds.push(o.id);
  }
  return { report, reporter, reporterUser, target, targetUser, statusIds };
}

export async function getReport(deps: Deps, id: string): Promise<ReportView> {
  const report = /^\d{1,20}$/.test(id) ? await deps.store.reports.getById(id) : undefined;
  if (!report) throw notFound('REPORT_NOT_FOUND', `no report ${id}`);
  return viewReport(deps, report);
}

export async function listReportViews(deps: Deps, filter: { resolved?: boolean; limit: number; beforeId?: string }): Promise<ReportView[]> {
  const reports = await deps.store.reports.list(filter);
  return Promise.all(reports.map((r) => viewReport(deps, r)));
}

/**
 * POST /api/v1/reports: a staff member reports an account by its client-API ids, optionally
 * asking that a remote account's server be told too (Mastodon's `forward`).
 */
export async function fileClientReport(
  fed: FedLike,
  reporter: Actor,
  input: { accountId: string; statusIds: string[]; comment?: string; category?: string; forward?: boolean },
): Promise<ReportView> {
  const target = /^\d{1,20}$/.test(input.accountId) ? await fed.store.actors.getById(input.accountId) : undefined;
  if (!target) throw notFound('ACCOUNT_NOT_FOUND', 'Record not found');
  const objectUris: string[] = [];
  for (const id of new Set(input.statusIds)) {
    const o = /^\d{1,20}$/.test(id) ? await fed.store.objects.getById(id) : undefined;
    if (!o || o.actorId !== target.id) throw invalid('REPORT_OBJECT_INVALID', `status ${id} is not a known post of the reported account`);
    objectUris.push(o.uri);
  }
  let report = await fileReport(fed, { reporter, target, objectUris, comment: input.comment, category: input.category });
  if (input.forward && target.domain !== null) report = await forwardReport(fed, { id: report.id, by: reporter.username });
  return viewReport(fed, report);
}

export type AccountActionType = 'none' | 'disable' | 'suspend' | 'silence' | 'sensitive';
const ACTIONS = new Set(['none', 'disable', 'suspend', 'silence', 'sensitive']);

/** An account (local or remote) as admins see it. */
export async function getAdminAccount(deps: Deps, id: string): Promise<{ actor: Actor; user?: User }> {
  const actor = /^\d{1,20}$/.test(id) ? await deps.store.actors.getById(id) : undefined;
  if (!actor) throw notFound('ACCOUNT_NOT_FOUND', 'Record not found');
  const user = actor.domain === null ? await deps.store.users.getByActorId(actor.id) : undefined;
  return { actor, user };
}

/**
 * POST /api/v1/admin/accounts/:id/action. `silence` and `sensitive` are Mastodon actions we do not
 * model per account (silence exists per domain); they are refused rather than pretended.
 */
export async function actOnAccount(
  deps: Deps,
  input: { id: string; type: string; by: string; text?: string; reportId?: string },
): Promise<void> {
  if (!ACTIONS.has(input.type)) throw invalid('ACTION_INVALID', `type must be one of none, disable, suspend; got "${input.type}"`);
  if (input.type === 'silence' || input.type === 'sensitive') throw invalid('ACTION_UNSUPPORTED', `"${input.type}" is not supported per account; silence a whole domain with a domain block of severity "silence"`);
  const { actor, user } = await getAdminAccount(deps, input.id);
  if (input.reportId) {
    const report = await deps.store.reports.getById(input.reportId);
    if (!report || report.targetActorId !== actor.id) throw invalid('REPORT_MISMATCH', `report ${input.reportId} is not about account ${input.id}`);
  }
  if (input.type === 'disable') {
    if (!user) throw invalid('ACCOUNT_REMOTE', 'only local accounts can be disabled; suspend a remote account instead');
    await disableAccount(deps, actor.username, input.by);
  } else if (input.type === 'suspend') {
    await suspendActor(deps, { target: actor, by: input.by, reason: input.text });
  }
  if (input.reportId) {
    const report = (await deps.store.reports.getById(input.reportId))!;
    if (!report.resolvedAt) await resolveReport(deps, { id: report.id, by: input.by, resolution: input.text?.trim() ? `${input.type}: ${input.text.trim()}` : input.type });
  }
}

export async function unsuspendAccount(deps: Deps, input: { id: string; by: string }): Promise<{ actor: Actor; user?: User }> {
  const { actor, user } = await getAdminAccount(deps, input.id);
  if (!actor.suspendedAt) throw new DomainError('invalid', 'NOT_SUSPENDED', 'the account is not suspended');
  return { actor: await unsuspendActor(deps, { target: actor, by: input.by }), user };
}

/** The local login behind an account id, for export and erasure (which exist for people here only). */
export async function localUsernameOf(deps: Deps, id: string): Promise<string> {
  const { actor, user } = await getAdminAccount(deps, id);
  if (!user) throw invalid('ACCOUNT_REMOTE', 'export and erasure apply to accounts of this instance; a remote account lives on its own server');
  return actor.username;
}
