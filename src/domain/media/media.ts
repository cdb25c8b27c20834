import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { invalid, notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import type { Actor, MediaAttachment, Store } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { sniff } from './sniff.js';

/**
 * What an upload may be. Images follow Mastodon's limits (apps read them from /api/v2/instance);
 * PDFs are here because solutions come with reports and guides.
 */
export const MEDIA_LIMITS = {
  imageBytes: 16 * 1024 * 1024,
  documentBytes: 20 * 1024 * 1024,
  imagePixels: 33_177_600,
  perPost: 4,
  descriptionChars: 1500,
} as const;

const FILE_NAME = /^\d{1,20}-[0-9a-f]{16}\.(png|gif|jpg|webp|pdf)$/;
const TYPES: Record<string, string> = { png: 'image/png', gif: 'image/gif', jpg: 'image/jpeg', webp: 'image/webp', pdf: 'application/pdf' };


function parseFocus(focus: string | undefined): { focusX: number; focusY: number } | undefined {
  if (focus === undefined || focus === '') return undefined;
  const parts = focus.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 2 || parts.some((n) => !Number.isFinite(n) || n < -1 || n > 1)) {
    throw invalid('MEDIA_FOCUS_INVALID', 'Validation failed: focus must be "x,y" with both between -1.0 and 1.0');
  }
  return { focusX: parts[0]!, focusY: parts[1]! };
}

function checkDescription(description: string | undefined): string | null | undefined {
  if (description === undefined) return undefined;
  if (description.length > MEDIA_LIMITS.descriptionChars) throw invalid('MEDIA_DESCRIPTION_TOO_LONG', `Validation failed: Description is too long (maximum is ${MEDIA_LIMITS.descriptionChars} characters)`);
  return description.trim() || null;
}

/** Stores an upload: type from its bytes, size and pixel caps, written atomically, then recorded. */
export async function uploadMedia(deps: Deps, owner: Actor, input: { data: Buffer; description?: string; focus?: string }): Promise<MediaAttachment> {
  if (input.data.length === 0) throw invalid('MEDIA_EMPTY', 'Validation failed: File is empty');
  const type = sniff(input.data);
  if (!type) throw invalid('MEDIA_TYPE_UNSUPPORTED', 'Validation failed: File content type is invalid (accepted: JPEG, PNG, GIF, WebP images and PDF documents)');
  const cap = type.kind === 'image' ? MEDIA_LIMITS.imageBytes : MEDIA_LIMITS.documentBytes;
  if (input.data.length > cap) throw invalid('MEDIA_TOO_LARGE', `Validation failed: File file size must be less than ${cap / 1024 / 1024} MB`);
  if (type.width !== null && type.height !== null && type.width * type.height > MEDIA_LIMITS.imagePixels) {
    throw invalid('MEDIA_TOO_MANY_PIXELS', `Validation failed: File dimensions ${type.width}x${type.height} exceed ${MEDIA_LIMITS.imagePixels} pixels`);
  }
  const description = checkDescription(input.description) ?? null;
  const focus = parseFocus(input.focus) ?? { focusX: 0, focusY: 0 };
  const now = deps.now();
  const id = newId(now.getTime());
  const fileName = `${id}-${randomBytes(8).toString('hex')}.${type.extension}`;
  // The bytes first (whole or not at all, in the store so every node serves them), then the row.
  await deps.store.mediaFiles.put(fileName, input.data, type.contentType);
  try {
    return await deps.store.media.put({
      id, ownerActorId: owner.id, fileName, contentType: type.contentType, kind: type.kind, size: input.data.length,
      width: type.width, height: type.height, description, ...focus, objectId: null, createdAt: now.toISOString(),
    });
  } catch (e) {
    await deps.store.mediaFiles.delete(fileName).catch(() => undefined);
    throw e;
  }
}

/** The owner's own upload; anyone else's is "not found", as Mastodon answers. */
export async function getOwnMedia(deps: Deps, owner: Actor, id: string): Promise<MediaAttachment> {
  const media = /^\d{1,20}$/.test(id) ? await deps.store.media.getById(id) : undefined;
  if (!media || media.ownerActorId !== owner.id) throw notFound('MEDIA_NOT_FOUND', 'Record not found');
  return media;
}

export async function updateMedia(deps: Deps, owner: Actor, id: string, input: { description?: string; focus?: string }): Promise<MediaAttachment> {
  const media = await getOwnMedia(deps, owner, id);
  const description = checkDescription(input.description);
  const focus = parseFocus(input.focus);
  return (await deps.store.media.update(media.id, { ...(description !== undefined ? { description } : {}), ...(focus ?? {}) }))!;
}

/**
 * Attaches uploads to a new post, in the order given. Called inside the transaction that stores
 * the post, so a post never points at media it does not own.
 */
export async function attachMedia(store: Store, owner: Actor, ids: string[], objectId: string): Promise<MediaAttachment[]> {
  const found = await checkAttachable(store, owner, ids);
  await bindMedia(store, owner, found, objectId);
  return found.map((m) => ({ ...m, objectId }));
}

/**
 * Binds uploads already checked with checkAttachable, in the transaction that saves the post.
 * Another transaction may have taken one in between: refuse rather than save with fewer.
 */
export async function bindMedia(store: Store, owner: Actor, media: MediaAttachment[], objectId: string): Promise<void> {
  if (!media.length) return;
  const bound = await store.media.attach(media.map((m) => m.id), owner.id, objectId);
  if (bound !== media.length) throw invalid('MEDIA_IN_USE', 'Validation failed: an attachment was used by another post meanwhile');
}

/** The uploads a new post may carry, in the order given: at most four, the poster's own, unused. */
export async function checkAttachable(store: Store, owner: Actor, ids: string[], max: number = MEDIA_LIMITS.perPost): Promise<MediaAttachment[]> {
  const unique = [...new Set(ids)];
  if (unique.length > max) throw invalid('MEDIA_TOO_MANY', `Validation failed: a post can have at most ${max} attachments`);
  const found: MediaAttachment[] = [];
  for (const id of unique) {
    const m = /^\d{1,20}$/.test(id) ? await store.media.getById(id) : undefined;
    if (!m || m.ownerActorId !== owner.id) throw invalid('MEDIA_UNKNOWN', `Validation failed: media ${id} does not exist or is not yours`);
    if (m.objectId) throw invalid('MEDIA_IN_USE', `Validation failed: media ${id} is already attached to a post`);
    found.push(m);
  }
  return found;
}

/** An upload as an AS2 attachment, the way Mastodon sends one (so its focal point and alt text travel). */
export function asAttachment(deps: Pick<Deps, 'urls'>, m: MediaAttachment): Record<string, unknown> {
  return {
    type: 'Document', mediaType: m.contentType, url: mediaUrl(deps, m), name: m.description,
    ...(m.kind === 'image' ? { focalPoint: [m.focusX, m.focusY] } : {}),
    ...(m.width && m.height ? { width: m.width, height: m.height } : {}),
  };
}

/** The bytes of a stored file, for GET /media/:name; unknown or malformed names are 404. */
export async function openMediaFile(deps: Pick<Deps, 'store'>, fileName: string): Promise<{ stream: Readable; contentType: string; size: number }> {
  if (!FILE_NAME.test(fileName)) throw notFound('MEDIA_NOT_FOUND', 'no such file');
  const file = await deps.store.mediaFiles.open(fileName);
  if (!file) throw notFound('MEDIA_NOT_FOUND', 'no such file');
  return { stream: file.stream, contentType: TYPES[fileName.split('.').pop()!]!, size: file.size };
}

/** Erasure: deletes the files of rows already removed (after their transaction committed). */
export async function deleteMediaFiles(deps: Pick<Deps, 'store'>, removed: MediaAttachment[]): Promise<void> {
  // One copy in the store: deleted there, it is gone for every node.
  for (const m of removed) await deps.store.mediaFiles.delete(m.fileName);
}

/** Export: copies the person's files beside the JSON archive. */
export async function copyMediaFiles(deps: Pick<Deps, 'store'>, media: Array<{ file: string }>, toDir: string): Promise<void> {
  await mkdir(toDir, { recursive: true });
  for (const m of media) {
    const file = await deps.store.mediaFiles.open(m.file);
    if (!file) throw notFound('MEDIA_NOT_FOUND', `the file ${m.file} is missing from the store`);
    await pipeline(file.stream, createWriteStream(join(toDir, m.file), { mode: 0o600 }));
  }
}

export const mediaUrl = (deps: Pick<Deps, 'urls'>, m: MediaAttachment) => `${deps.urls.base}/media/${m.fileName}`;

/**
 * An avatar or header: an upload of the actor's, checked by its bytes before anything is written
 * (a PDF is an upload, not an avatar), with the upload limits.
 */
export async function storeProfileImage(deps: Deps, owner: Actor, data: Buffer): Promise<MediaAttachment> {
  if (data.length && sniff(data)?.kind !== 'image') throw invalid('MEDIA_TYPE_UNSUPPORTED', 'an avatar or header is a JPEG, PNG, GIF or WebP image');
  return uploadMedia(deps, owner, { data });
}
