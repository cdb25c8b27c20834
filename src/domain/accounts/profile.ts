import { DomainError, notFound } from '../../errors.js';
import type { Actor, MediaAttachment, ProfileField, User, UserSettings, Visibility } from '../../store/port.js';
import { deleteMediaFiles, mediaUrl, storeProfileImage } from '../media/media.js';
import { queueActorUpdate } from '../../activitypub/outbox/actor-update.js';
import { plainTextToHtml } from '../../html/plain-text.js';
import type { Deps } from '../deps.js';
import { getUserSettings } from './settings.js';

/** Mastodon's limits, so apps that enforce them client-side agree with us. */
export const PROFILE_LIMITS = { displayName: 30, note: 500, fields: 4, fieldName: 255, fieldValue: 255 } as const;

export interface ProfileUpdate {
  displayName?: string;
  /** Plain text; stored as escaped HTML with links. */
  note?: string;
  locked?: boolean;
  bot?: boolean;
  discoverable?: boolean;
  indexable?: boolean;
  /** Replaces all fields when given; pairs with both parts blank are dropped. */
  fields?: Array<{ name?: string; value?: string }>;
  source?: { privacy?: string; sensitive?: boolean; language?: string | null };
  /** A new picture (the file's bytes), or 'remove' (Mastodon's DELETE /api/v1/profile/avatar). */
  avatar?: { data: Buffer } | 'remove';
  header?: { data: Buffer } | 'remove';
}

const VISIBILITIES: readonly Visibility[] = ['public', 'unlisted', 'private'];

/**
 * Applies a profile change (an app, the web settings, a single sign-on). A change to what other
 * servers show (name, text, pictures, fields, flags) is sent to the followers as Update(actor),
 * in the same transaction.
 */
export async function updateProfile(deps: Deps, user: User, actor: Actor, input: ProfileUpdate): Promise<{ actor: Actor; settings: UserSettings }> {
  const problems: string[] = [];
  const patch: Partial<Actor> = {};
  // Control characters (a NUL, an escape) have no place in a name or a text shown to others.
  const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
  if ([input.displayName, input.note, ...(input.fields ?? []).flatMap((f) => [f.name, f.value])].some((v) => v !== undefined && CONTROL.test(v))) {
    problems.push('Profile text contains characters that are not allowed');
  }
  if (input.displayName !== undefined) {
    const name = input.displayName.trim();
    if ([...name].length > PROFILE_LIMITS.displayName) problems.push(`Display name is too long (maximum is ${PROFILE_LIMITS.displayName} characters)`);
    patch.displayName = name;
  }
  if (input.note !== undefined) {
    if ([...input.note].length > PROFILE_LIMITS.note) problems.push(`Note is too long (maximum is ${PROFILE_LIMITS.note} characters)`);
    patch.summary = plainTextToHtml(input.note);
  }
  if (input.locked !== undefined) patch.manuallyApprovesFollowers = input.locked;
  if (input.discoverable !== undefined) patch.discoverable = input.discoverable;
  if (input.indexable !== undefined) patch.indexable = input.indexable;
  if (input.bot !== undefined && (actor.type === 'Person' || actor.type === 'Service')) patch.type = input.bot ? 'Service' : 'Person';
  if (input.fields !== undefined) {
    const fields: ProfileField[] = input.fields
      .map((f) => ({ name: (f.name ?? '').trim(), value: (f.value ?? '').trim() }))
      .filter((f) => f.name || f.value)
      .map((f) => ({ ...f, verifiedAt: null }));
    if (fields.length > PROFILE_LIMITS.fields) problems.push(`Fields is too long (maximum is ${PROFILE_LIMITS.fields} fields)`);
    if (fields.some((f) => [...f.name].length > PROFILE_LIMITS.fieldName || [...f.value].length > PROFILE_LIMITS.fieldValue)) {
      problems.push(`Fields are too long (maximum is ${PROFILE_LIMITS.fieldName} characters per name and value)`);
    }
    patch.fields = fields;
  }
  const current = await getUserSettings(deps, user.id);
  let settings = current;
  if (input.source) {
    const { privacy, sensitive, language } = input.source;
    if (privacy !== undefined && !VISIBILITIES.includes(privacy as Visibility)) problems.push('Default privacy is not included in the list');
    if (language && !/^[a-z]{2,3}$/.test(language)) problems.push('Default language is not included in the list');
    settings = {
      ...current,
      defaultVisibility: (privacy as Visibility | undefined) ?? current.defaultVisibility,
      defaultSensitive: sensitive ?? current.defaultSensitive,
      defaultLanguage: language === undefined ? current.defaultLanguage : language || null,
      updatedAt: deps.now().toISOString(),
    };
  }
  if (problems.length) throw new DomainError('invalid', 'PROFILE_INVALID', `Validation failed: ${problems.join(', ')}`);

  // Pictures last: they are files, written only once everything else is known to be valid.
  const stored: MediaAttachment[] = [];
  try {
    for (const which of ['avatar', 'header'] as const) {
      const given = input[which];
      if (given === 'remove') patch[which === 'avatar' ? 'avatarUrl' : 'headerUrl'] = null;
      else if (given) {
        const media = await storeProfileImage(deps, actor, given.data);
        stored.push(media);
        patch[which === 'avatar' ? 'avatarUrl' : 'headerUrl'] = mediaUrl(deps, media);
      }
    }
  } catch (e) {
    await deleteMediaFiles(deps, stored);
    if (e instanceof DomainError && e.kind === 'invalid') throw new DomainError('invalid', 'PROFILE_INVALID', `Validation failed: ${e.detail.replace(/^Validation failed: /, '')}`);
    throw e;
  }
  // What other servers show of the account: a change there is sent to its followers as Update.
  const federated = (['displayName', 'summary', 'avatarUrl', 'headerUrl', 'fields', 'manuallyApprovesFollowers', 'discoverable', 'indexable', 'type'] as const)
    .some((k) => k in patch && JSON.stringify(patch[k]) !== JSON.stringify(actor[k]));

  return deps.store.transaction(async (tx) => {
    const updated = Object.keys(patch).length ? await tx.actors.update(actor.id, { ...patch, updatedAt: deps.now().toISOString() }) : actor;
    if (!updated) throw notFound('ACCOUNT_NOT_FOUND', 'Record not found');
    if (federated && updated.domain === null) await queueActorUpdate(deps, tx, updated);
    // Only a real change is written: `source` with nothing in it (or the same values) stores nothing.
    const changed = settings.defaultVisibility !== current.defaultVisibility || settings.defaultSensitive !== current.defaultSensitive || settings.defaultLanguage !== current.defaultLanguage;
    if (changed) await tx.userSettings.put(settings);
    if (Object.keys(patch).length) deps.log.info({ actorId: actor.id, changed: Object.keys(patch) }, 'profile updated');
    return { actor: updated, settings };
  });
}
