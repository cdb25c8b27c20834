import { DomainError, invalid } from '../../errors.js';
import { newId } from '../../ids.js';
import type { Actor, MediaAttachment, ProfileField } from '../../store/port.js';
import type { FedDeps } from '../../activitypub/federation.js';
import type { Deps } from '../deps.js';
import { PUBLIC } from '../../activitypub/vocab/context.js';
import { localActorToAs } from '../../activitypub/convert/actor-to-as.js';
import { queueDelivery } from '../../activitypub/outbox/send.js';
import { plainTextToHtml } from '../../html/plain-text.js';
import { audit } from '../audit.js';
import { agencyActor } from '../solutions/publish.js';
import { deleteMediaFiles, mediaUrl, uploadMedia } from '../media/media.js';
import { sniff } from '../media/sniff.js';
import { PROFILE_LIMITS } from '../accounts/profile.js';

/**
 * The agency's profile (the Organization actor every solution is published by): name, summary,
 * avatar, header and Mastodon-style name/value fields (address, website, contact). Edited by
 * admins in the web app; each change is sent to the agency's followers as `Update` of the actor,
 * as Mastodon sends an account's profile change.
 *
 * `instance.agencyDisplayName` in the config names the agency until an admin edits the profile
 * here: from then on the edit wins and the config is no longer applied on start (first-start.ts
 * reads AGENCY_PROFILE_EDITED_KEY).
 */
export const AGENCY_PROFILE_EDITED_KEY = 'agencyProfileEditedAt';

/** An agency's name is longer than a person's (Mastodon's 30): "Aarhus Kommune, Jobcenter Aarhus". */
export const AGENCY_LIMITS = { displayName: 100, note: 2000, fields: PROFILE_LIMITS.fields, fieldName: PROFILE_LIMITS.fieldName, fieldValue: PROFILE_LIMITS.fieldValue } as const;

export interface AgencyProfileInput {
  displayName: string;
  /** Plain text; stored as escaped HTML with links, as a person's note is. */
  note: string;
  /** Replaces all fields; pairs with both parts blank are dropped. */
  fields: Array<{ name: string; value: string }>;
  avatar?: { data: Buffer } | 'remove';
  header?: { data: Buffer } | 'remove';
  by: string;
  ip?: string | null;
}

export interface AgencyProfile {
  actor: Actor;
  /** Whether an admin has edited it here (the config's display name no longer applies). */
  editedAt: string | null;
}

/** The agency's name as its profile has it (config until edited here); undefined before first start. */
export async function agencyDisplayName(deps: Pick<Deps, 'store' | 'config'>): Promise<string | undefined> {
  const actor = await deps.store.actors.getByUsername(deps.config.instance.agencyUsername, null);
  return actor?.displayName || undefined;
}

export async function getAgencyProfile(deps: Pick<Deps, 'store' | 'config'>): Promise<AgencyProfile> {
  const [actor, editedAt] = await Promise.all([agencyActor(deps), deps.store.meta.get(AGENCY_PROFILE_EDITED_KEY)]);
  return { actor, editedAt: editedAt ?? null };
}

/** Field problems by the form's field names (`displayName`, `note`, `fields.0.name`, `avatar`). */
export type AgencyProfileProblems = Record<string, 'required' | 'tooLong' | 'tooMany' | 'notImage' | 'upload'>;

function check(input: AgencyProfileInput): { problems: AgencyProfileProblems; fields: ProfileField[] } {
  const problems: AgencyProfileProblems = {};
  const name = input.displayName.trim();
  if (!name) problems.displayName = 'required';
  else if ([...name].length > AGENCY_LIMITS.displayName) problems.displayName = 'tooLong';
  if ([...input.note].length > AGENCY_LIMITS.note) problems.note = 'tooLong';
  const kept = input.fields.map((f, i) => ({ i, name: f.name.trim(), value: f.value.trim() })).filter((f) => f.name || f.value);
  if (kept.length > AGENCY_LIMITS.fields) problems.fields = 'tooMany';
  for (const f of kept) {
    if (!f.name) problems[`fields.${f.i}.name`] = 'required';
    else if ([...f.name].length > AGENCY_LIMITS.fieldName) problems[`fields.${f.i}.name`] = 'tooLong';
    if ([...f.value].length > AGENCY_LIMITS.fieldValue) problems[`fields.${f.i}.value`] = 'tooLong';
  }
  return { problems, fields: kept.map((f) => ({ name: f.name, value: f.value, verifiedAt: null })) };
}

async function storeImage(fed: FedDeps, agency: Actor, data: Buffer): Promise<MediaAttachment> {
  // Checked by its bytes before anything is written: a PDF is an upload, not an avatar.
  if (data.length && sniff(data)?.kind !== 'image') throw invalid('MEDIA_TYPE_UNSUPPORTED', 'an avatar or header is a JPEG, PNG, GIF or WebP image');
  return uploadMedia(fed, agency, { data });
}

/**
 * Saves the profile and, when anything a follower sees changed, sends `Update` of the actor to
 * the agency's followers. Invalid input changes nothing (images included); problems come back as
 * one DomainError with a field error per problem.
 */
export async function updateAgencyProfile(fed: FedDeps, input: AgencyProfileInput): Promise<{ actor: Actor; federated: boolean }> {
  const agency = await agencyActor(fed);
  const { problems, fields } = check(input);
  if (Object.keys(problems).length) throw profileInvalid(problems);
  const images: { avatar?: MediaAttachment; header?: MediaAttachment } = {};
  for (const which of ['avatar', 'header'] as const) {
    const given = input[which];
    if (!given || given === 'remove') continue;
    try {
      images[which] = await storeImage(fed, agency, given.data);
    } catch (e) {
      if (images.avatar) await deleteMediaFiles(fed, [images.avatar]);
      if (!(e instanceof DomainError) || e.kind !== 'invalid') throw e;
      throw profileInvalid({ [which]: e.code === 'MEDIA_TYPE_UNSUPPORTED' ? 'notImage' : 'upload' }, e.detail);
    }
  }
  const patch: Partial<Actor> = {
    displayName: input.displayName.trim(),
    summary: input.note.trim() ? plainTextToHtml(input.note.trim()) : '',
    fields,
  };
  if (images.avatar) patch.avatarUrl = mediaUrl(fed, images.avatar);
  else if (input.avatar === 'remove') patch.avatarUrl = null;
  if (images.header) patch.headerUrl = mediaUrl(fed, images.header);
  else if (input.header === 'remove') patch.headerUrl = null;
  const changed = (Object.keys(patch) as Array<keyof Actor>).filter((k) => JSON.stringify(patch[k]) !== JSON.stringify(agency[k]));
  const now = fed.now().toISOString();
  const actor = await fed.store.transaction(async (tx) => {
    await tx.meta.set(AGENCY_PROFILE_EDITED_KEY, now);
    if (!changed.length) return agency;
    const updated = (await tx.actors.update(agency.id, { ...patch, updatedAt: now }))!;
    const doc = localActorToAs(updated);
    const { '@context': context, ...object } = doc;
    const activity = { '@context': context, id: `${updated.uri}#updates/${Date.parse(now)}`, type: 'Update', actor: updated.uri, to: [PUBLIC], published: now, object };
    await tx.activities.put({ id: newId(fed.now().getTime()), uri: activity.id, type: 'Update', actorId: updated.id, objectUri: updated.uri, local: true, public: false, createdAt: now, data: activity });
    await queueDelivery(fed, tx, updated, activity, { followers: true });
    await audit(fed, { actor: input.by, action: 'agency.profile', target: updated.username, details: { changed }, ip: input.ip }, tx);
    return updated;
  });
  if (changed.length) fed.wake();
  return { actor, federated: changed.length > 0 };
}

function profileInvalid(problems: AgencyProfileProblems, detail?: string): DomainError {
  return invalid('AGENCY_PROFILE_INVALID', detail ?? `the agency profile could not be saved: ${Object.keys(problems).join(', ')}`,
    Object.entries(problems).map(([k, v]) => ({ pointer: `/${k.replace(/\./g, '/')}`, detail: v })));
}
