import { DomainError, invalid, notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import type { Actor, Report, ReportCategory, Store } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { audit } from '../audit.js';

const CATEGORIES: ReadonlySet<string> = new Set(['spam', 'legal', 'violation', 'other']);
export const MAX_REPORT_COMMENT = 1000;

async function checkObjects(deps: Deps, target: Actor, objectUris: string[]): Promise<void> {
  for (const uri of objectUris) {
    const object = await deps.store.objects.getByUri(uri);
    if (!object || object.actorId !== target.id) throw invalid('REPORT_OBJECT_INVALID', `"${uri}" is not a known post of the reported account`);
  }
}

/** A local staff member reports an account (local or remote), optionally with some of its posts. */
export async function fileReport(
  deps: Deps,
  input: { reporter: Actor; target: Actor; objectUris?: string[]; comment?: string; category?: string },
): Promise<Report> {
  const category = (input.category ?? 'other') as ReportCategory;
  if (!CATEGORIES.has(category)) throw invalid('REPORT_CATEGORY_INVALID', `category must be one of spam, legal, violation, other; got "${input.category}"`);
  const comment = input.comment ?? '';
  if (comment.length > MAX_REPORT_COMMENT) throw invalid('REPORT_COMMENT_TOO_LONG', `comment is longer than ${MAX_REPORT_COMMENT} characters`);
  if (input.target.id === input.reporter.id) throw invalid('REPORT_SELF', 'you cannot report yourself');
  const objectUris = [...new Set(input.objectUris ?? [])];
  await checkObjects(deps, input.target, objectUris);
  const now = deps.now();
  const report = await deps.store.reports.put({
    id: newId(now.getTime()), reporterActorId: input.reporter.id, targetActorId: input.target.id, objectUris, comment, category,
    remoteFlagUri: null, forwardedAt: null, createdAt: now.toISOString(), resolvedAt: null, resolvedBy: null, resolution: null,
  });
  await audit(deps, { actor: input.reporter.username, action: 'report.filed', target: input.target.uri, details: { reportId: report.id, category } });
  return report;
}

/**
 * A remote server's Flag (already verified and authorized by the inbox) becomes a report.
 * Redelivery of the same Flag returns the existing report.
 */
export async function receiveFlag(
  deps: Deps,
  input: { flagUri: string; reporter: Actor; target: Actor; objectUris: string[]; comment: string },
  store: Store = deps.store,
): Promise<{ report: Report; created: boolean }> {
  const existing = await store.reports.getByRemoteFlagUri(input.flagUri);
  if (existing) return { report: existing, created: false };
  // Only posts we know and that belong to the target are kept; a Flag may name others.
  const known: string[] = [];
  for (const uri of new Set(input.objectUris)) {
    const o = await store.objects.getByUri(uri);
    if (o && o.actorId === input.target.id) known.push(uri);
  }
  const now = deps.now();
  const report = await store.reports.put({
    id: newId(now.getTime()), reporterActorId: input.reporter.id, targetActorId: input.target.id, objectUris: known,
    comment: input.comment.slice(0, MAX_REPORT_COMMENT), category: 'other', remoteFlagUri: input.flagUri,
    forwardedAt: null, createdAt: now.toISOString(), resolvedAt: null, resolvedBy: null, resolution: null,
  });
  await audit(deps, { actor: `remote:${input.reporter.domain ?? 'local'}`, action: 'report.received', target: input.target.uri, details: { reportId: report.id, flag: input.flagUri } }, store);
  return { report, created: true };
}

export async function listReports(deps: Deps, filter: { resolved?: boolean; limit?: number } = {}): Promise<Report[]> {
  return deps.store.reports.list(filter);
}

export async function resolveReport(deps: Deps, input: { id: string; by: string; resolution?: string }): Promise<Report> {
  const report = await deps.store.reports.getById(input.id);
  if (!report) throw notFound('REPORT_NOT_FOUND', `no report ${input.id}`);
  if (report.resolvedAt) throw new DomainError('conflict', 'REPORT_RESOLVED', `report ${input.id} was resolved by ${report.resolvedBy} at ${report.resolvedAt}`);
  const resolution = input.resolution?.trim() || 'none';
  return deps.store.transaction(async (tx) => {
    const updated = (await tx.reports.update(report.id, { resolvedAt: deps.now().toISOString(), resolvedBy: input.by, resolution }))!;
    await audit(deps, { actor: input.by, action: 'report.resolved', target: report.id, details: { resolution } }, tx);
    return updated;
  });
}
