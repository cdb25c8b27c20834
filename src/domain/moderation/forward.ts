import { DomainError, notFound } from '../../errors.js';
import { AS_CONTEXT } from '../../activitypub/vocab/context.js';
import { queueDelivery } from '../../activitypub/outbox/send.js';
import type { Report } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { audit } from '../audit.js';

/**
 * Sends a report about a remote account to that account's server as a `Flag`, the way Mastodon
 * does: signed by the instance actor (the reporter stays anonymous to the other side), `object`
 * the reported actor followed by the reported posts, the comment in `content`. Queued in the same
 * transaction that marks the report forwarded, so a crash never leaves one without the other.
 */
export async function forwardReport(fed: Deps & { wake?: () => void }, input: { id: string; by: string }): Promise<Report> {
  const report = await fed.store.reports.getById(input.id);
  if (!report) throw notFound('REPORT_NOT_FOUND', `no report ${input.id}`);
  const target = await fed.store.actors.getById(report.targetActorId);
  if (!target) throw notFound('ACCOUNT_NOT_FOUND', `the reported account of report ${input.id} is gone`);
  if (target.domain === null) throw new DomainError('invalid', 'REPORT_LOCAL', 'the reported account is local: there is no other server to forward to');
  if (report.remoteFlagUri) throw new DomainError('invalid', 'REPORT_FROM_REMOTE', `report ${input.id} came from the target's side of the fediverse as a Flag; it is not forwarded back`);
  if (report.forwardedAt) throw new DomainError('conflict', 'REPORT_FORWARDED', `report ${input.id} was already forwarded at ${report.forwardedAt}`);
  const instance = await fed.store.actors.getByUri(fed.urls.instanceActor);
  if (!instance) throw new Error('the instance actor does not exist');

  const at = fed.now().toISOString();
  const flag = {
    '@context': AS_CONTEXT,
    id: `${fed.urls.base}/flags/${report.id}`,
    type: 'Flag',
    actor: instance.uri,
    content: report.comment,
    object: [target.uri, ...report.objectUris],
  };
  const updated = await fed.store.transaction(async (tx) => {
    const r = (await tx.reports.update(report.id, { forwardedAt: at }))!;
    await queueDelivery(fed, tx, instance, flag, { inboxes: [target.sharedInbox ?? target.inbox] });
    await audit(fed, { actor: input.by, action: 'report.forwarded', target: target.uri, details: { reportId: report.id, domain: target.domain } }, tx);
    return r;
  });
  fed.wake?.();
  return updated;
}
