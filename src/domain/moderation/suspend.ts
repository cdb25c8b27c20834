import { DomainError } from '../../errors.js';
import type { Actor } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { audit } from '../audit.js';

/**
 * Suspends an actor. Local: login blocked, tokens revoked, actor marked suspended. Remote: marked
 * suspended, so its content is hidden wherever it is shown and its deliveries are refused.
 */
export async function suspendActor(deps: Deps, input: { target: Actor; by: string; reason?: string }): Promise<Actor> {
  const { target } = input;
  if (target.type === 'Application' && target.domain === null) throw new DomainError('forbidden', 'SUSPEND_INSTANCE_ACTOR', 'the instance actor cannot be suspended');
  if (target.suspendedAt) return target;
  const at = deps.now().toISOString();
  return deps.store.transaction(async (tx) => {
    let tokensRevoked = 0;
    if (target.domain === null) {
      const user = await tx.users.getByActorId(target.id);
      if (user) {
        if (user.role === 'admin' && !user.disabledAt && (await tx.users.count({ role: 'admin', enabledOnly: true })) <= 1) {
          throw new DomainError('conflict', 'LAST_ADMIN', `"${target.username}" is the only enabled admin; make another admin first`);
        }
        tokensRevoked = await tx.tokens.revokeAllForUser(user.id, at);
        if (!user.disabledAt) await tx.users.update(user.id, { disabledAt: at });
      }
    }
    const updated = (await tx.actors.update(target.id, { suspendedAt: at }))!;
    await audit(deps, { actor: input.by, action: 'actor.suspend', target: target.uri, details: { reason: input.reason ?? null, tokensRevoked } }, tx);
    return updated;
  });
}

/** Lifts a suspension. A local login stays disabled until re-enabled on purpose (it may have been disabled before). */
export async function unsuspendActor(deps: Deps, input: { target: Actor; by: string }): Promise<Actor> {
  if (!input.target.suspendedAt) return input.target;
  return deps.store.transaction(async (tx) => {
    const updated = (await tx.actors.update(input.target.id, { suspendedAt: null }))!;
    await audit(deps, { actor: input.by, action: 'actor.unsuspend', target: input.target.uri }, tx);
    return updated;
  });
}
