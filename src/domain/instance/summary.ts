import type { Actor } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { nodeInfoFacts } from '../discovery/nodeinfo.js';
import { vapidPublicKey } from '../oauth/apps.js';
import { accountCounts, type AccountCounts } from '../accounts/counts.js';

/** What the instance endpoints tell clients about this server, from real counts. */
export interface InstanceSummary {
  title: string;
  description: string;
  contactEmail: string;
  /** The agency's actor: who people reach for this instance. */
  contactActor: Actor | undefined;
  contactCounts: AccountCounts | undefined;
  userCount: number;
  activeMonth: number;
  statusCount: number;
  domainCount: number;
  languages: string[];
  openRegistrations: boolean;
  vapidKey: string;
}

export async function instanceSummary(deps: Deps): Promise<InstanceSummary> {
  const [facts, domains, agencyId, vapidKey] = await Promise.all([
    nodeInfoFacts(deps),
    deps.store.actors.remoteDomains(),
    deps.store.meta.get('agencyActorId'),
    vapidPublicKey(deps),
  ]);
  const contactActor = (agencyId && (await deps.store.actors.getById(agencyId))) || (await deps.store.actors.getByUsername(deps.config.instance.agencyUsername, null));
  return {
    title: facts.metadata.nodeName,
    description: facts.metadata.nodeDescription,
    contactEmail: deps.config.instance.contactEmail ?? '',
    contactActor,
    contactCounts: contactActor ? await accountCounts(deps, contactActor) : undefined,
    userCount: facts.usage.users.total,
    activeMonth: facts.usage.users.activeMonth,
    statusCount: facts.usage.localPosts,
    domainCount: domains.length,
    languages: facts.metadata.languages,
    openRegistrations: facts.openRegistrations,
    vapidKey,
  };
}

/** Hosts of the remote servers we know actors from (Mastodon's /api/v1/instance/peers). */
export function knownPeers(deps: Deps): Promise<string[]> {
  return deps.store.actors.remoteDomains();
}
