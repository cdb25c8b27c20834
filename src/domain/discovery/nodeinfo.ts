import type { Deps } from '../deps.js';
import { SOFTWARE } from '../../version.js';

const DAY = 24 * 60 * 60 * 1000;

/** NodeInfo usage and metadata from real counts. */
export async function nodeInfoFacts(deps: Deps) {
  const now = deps.now().getTime();
  const [total, activeMonth, activeHalfyear, localPosts] = await Promise.all([
    deps.store.users.count({ enabledOnly: true }),
    deps.store.users.countActiveSince(new Date(now - 30 * DAY).toISOString()),
    deps.store.users.countActiveSince(new Date(now - 180 * DAY).toISOString()),
    deps.store.objects.countLocal(),
  ]);
  return {
    software: SOFTWARE,
    usage: { users: { total, activeMonth, activeHalfyear }, localPosts },
    openRegistrations: deps.config.instance.openRegistrations,
    metadata: {
      nodeName: deps.config.instance.title ?? deps.config.instance.agencyDisplayName,
      nodeDescription: deps.config.instance.description ?? '',
      agency: { username: deps.config.instance.agencyUsername, name: deps.config.instance.agencyDisplayName },
      languages: deps.config.instance.languages,
    },
  };
}
