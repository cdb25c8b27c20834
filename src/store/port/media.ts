/** What a stored upload is for clients: Mastodon shows `image` inline and offers `unknown` as a link. */
export type MediaKind = 'image' | 'document';

/** An uploaded file (the bytes live beside the store, under dataDir/media). */
export interface MediaAttachment {
  id: string;
  ownerActorId: string;
  /** Server-chosen name under the media directory; never the client's file name. */
  fileName: string;
  contentType: string;
  kind: MediaKind;
  size: number;
  width: number | null;
  height: number | null;
  description: string | null;
  /** Mastodon's focal point, -1..1 on each axis. */
  focusX: number;
  focusY: number;
  /** The post it was attached to; null while it waits to be used. */
  objectId: string | null;
  createdAt: string;
}

export type MediaPatch = Partial<Pick<MediaAttachment, 'description' | 'focusX' | 'focusY'>>;

export interface MediaRepository {
  put(media: MediaAttachment): Promise<MediaAttachment>;
  getById(id: string): Promise<MediaAttachment | undefined>;
  update(id: string, patch: MediaPatch): Promise<MediaAttachment | undefined>;
  /**
   * Binds the owner's still-unattached uploads among `ids` to an object; returns how many were
   * bound (someone else's or already used uploads are not).
   */
  attach(ids: string[], ownerActorId: string, objectId: string): Promise<number>;
  /** In upload order. */
  listByObject(objectId: string): Promise<MediaAttachment[]>;
  /** The uploads attached to any of these objects, grouped by nothing: in upload (id) order. */
  listByObjects(objectIds: string[]): Promise<MediaAttachment[]>;
  listByOwner(ownerActorId: string): Promise<MediaAttachment[]>;
  /** Gives the uploads attached to an object to another owner (a kept solution's files go to the agency); returns how many. */
  reassignObject(objectId: string, ownerActorId: string): Promise<number>;
  /**
   * Erasure: removes the owner's rows and returns them, so the caller can delete the files.
   * `limit` bounds one call (erasure runs in chunks, a transaction each); without it, all go.
   */
  deleteByOwner(ownerActorId: string, limit?: number): Promise<MediaAttachment[]>;
}
