import { receiveFlag } from '../../domain/moderation/reports.js';
import { idOf, type ActivityHandler } from './context.js';

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/**
 * A report from another server. Mastodon sends `object: [reported actor, ...reported statuses]`
 * signed by its instance actor, with the comment in `content`. Only reports about our own actors
 * are kept; a Flag naming nobody local is ignored.
 */
export const handleFlag: ActivityHandler = async ({ fed, tx, activity, actor }) => {
  const uris = list(activity.object).map(idOf).filter((u): u is string => !!u);
  let target;
  for (const uri of uris) {
    const a = await tx.actors.getByUri(uri);
    if (a && a.domain === null) {
      target = a;
      break;
    }
  }
  if (!target) return { objectUri: null };
  const comment = typeof activity.content === 'string' ? activity.content : '';
  await receiveFlag(fed, { flagUri: String(activity.id), reporter: actor, target, objectUris: uris.filter((u) => u !== target.uri), comment }, tx);
  return { objectUri: target.uri };
};
