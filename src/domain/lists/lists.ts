import { DomainError, notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import type { ListRepliesPolicy, UserList } from '../../store/port.js';
import type { Deps } from '../deps.js';

/** Mastodon's per-user cap and title length. */
export const MAX_LISTS = 50;
const MAX_TITLE = 255;
const POLICIES: readonly ListRepliesPolicy[] = ['followed', 'list', 'none'];

export interface ListInput {
  title?: string;
  repliesPolicy?: string;
  exclusive?: boolean;
}

const recordNotFound = () => notFound('LIST_NOT_FOUND', 'Record not found');

function validate(input: ListInput, requireTitle: boolean): string[] {
  const problems: string[] = [];
  if (input.title !== undefined || requireTitle) {
    const title = (input.title ?? '').trim();
    if (!title) problems.push("Title can't be blank");
    else if (title.length > MAX_TITLE) problems.push(`Title is too long (maximum is ${MAX_TITLE} characters)`);
  }
  if (input.repliesPolicy !== undefined && !POLICIES.includes(input.repliesPolicy as ListRepliesPolicy)) problems.push('Replies policy is not included in the list');
  return problems;
}

const invalid = (problems: string[]) => new DomainError('invalid', 'LIST_INVALID', `Validation failed: ${problems.join(', ')}`);

export function listsOf(deps: Deps, userId: string): Promise<UserList[]> {
  return deps.store.lists.listForUser(userId);
}

/** Someone else's list is as unknown as a missing one. */
export async function getOwnList(deps: Deps, userId: string, id: string): Promise<UserList> {
  const list = await deps.store.lists.getById(id);
  if (!list || list.userId !== userId) throw recordNotFound();
  return list;
}

export async function createList(deps: Deps, userId: string, input: ListInput): Promise<UserList> {
  const problems = validate(input, true);
  if (problems.length) throw invalid(problems);
  if ((await deps.store.lists.countForUser(userId)) >= MAX_LISTS) throw invalid([`You cannot have more than ${MAX_LISTS} lists`]);
  const now = deps.now();
  return deps.store.lists.put({
    id: newId(now.getTime()),
    userId,
    title: input.title!.trim(),
    repliesPolicy: (input.repliesPolicy as ListRepliesPolicy | undefined) ?? 'list',
    exclusive: input.exclusive ?? false,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  });
}

export async function updateList(deps: Deps, userId: string, id: string, input: ListInput): Promise<UserList> {
  await getOwnList(deps, userId, id);
  const problems = validate(input, false);
  if (problems.length) throw invalid(problems);
  const updated = await deps.store.lists.update(id, {
    ...(input.title !== undefined ? { title: input.title.trim() } : {}),
    ...(input.repliesPolicy !== undefined ? { repliesPolicy: input.repliesPolicy as ListRepliesPolicy } : {}),
    ...(input.exclusive !== undefined ? { exclusive: input.exclusive } : {}),
    updatedAt: deps.now().toISOString(),
  });
  if (!updated) throw recordNotFound();
  return updated;
}

export async function deleteList(deps: Deps, userId: string, id: string): Promise<void> {
  await getOwnList(deps, userId, id);
  await deps.store.lists.delete(id);
}

/** Mastodon's cap on one request's account_ids, and on a list's members read for its timeline. */
const MAX_ADD = 250;
export const MAX_MEMBERS_READ = 1000;

/**
 * Adds accounts the owner follows (accepted or requested, as Mastodon's ListAccount#set_follow)
 * to their list, all or none: an unknown account or one not followed is 404 `Record not found`,
 * one already on the list 422 `Validation failed: Account has already been taken`.
 */
export async function addListMembers(deps: Deps, owner: { userId: string; actorId: string }, listId: string, accountIds: string[]): Promise<void> {
  const list = await getOwnList(deps, owner.userId, listId);
  const ids = [...new Set(accountIds)].slice(0, MAX_ADD);
  await deps.store.transaction(async (tx) => {
    for (const id of ids) {
      const actor = await tx.actors.getById(id);
      if (!actor || actor.suspendedAt || actor.deletedAt) throw notFound('ACCOUNT_NOT_FOUND', 'Record not found');
      const follow = await tx.follows.getByPair(owner.actorId, id);
      if (!follow) throw notFound('FOLLOW_NOT_FOUND', 'Record not found');
      if ((await tx.lists.listsWithMember(owner.userId, id)).some((l) => l.id === list.id)) throw new DomainError('invalid', 'LIST_MEMBER_TAKEN', 'Validation failed: Account has already been taken');
    }
    const now = deps.now();
    for (const id of ids) await tx.lists.addMember({ id: newId(now.getTime()), listId: list.id, actorId: id, createdAt: now.toISOString() });
  });
}

/** Removes accounts from the list; ones not on it are ignored (as Mastodon). */
export async function removeListMembers(deps: Deps, userId: string, listId: string, accountIds: string[]): Promise<void> {
  const list = await getOwnList(deps, userId, listId);
  for (const id of new Set(accountIds)) await deps.store.lists.removeMember(list.id, id);
}

export async function listMembers(deps: Deps, userId: string, listId: string, page: { limit: number; beforeId?: string; afterId?: string }) {
  const list = await getOwnList(deps, userId, listId);
  return deps.store.lists.members(list.id, page);
}

/** The owner's lists this account is on. */
export function listsWithAccount(deps: Deps, userId: string, actorId: string): Promise<UserList[]> {
  return deps.store.lists.listsWithMember(userId, actorId);
}
