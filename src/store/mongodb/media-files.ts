import { GridFSBucket } from 'mongodb';
import type { MediaFileRepository } from '../port.js';
import type { MongoCtx } from './context.js';

/**
 * GridFS (bucket `media`): every node reads and deletes the same one copy. The file's name is its
 * `_id`, so a second upload of a name fails (duplicate key) instead of making two, and a file
 * becomes visible only when its last chunk and its files document are written (MongoDB manual,
 * "GridFS": the files document is inserted after the chunks). GridFS writes outside transactions;
 * the media row that makes a file reachable is written after it, so a rollback leaves at most an
 * unreferenced file, never a row without bytes.
 */
export class MongoMediaFiles implements MediaFileRepository {
  constructor(private readonly ctx: MongoCtx) {}
  private get bucket() { return new GridFSBucket(this.ctx.db, { bucketName: 'media' }); }

  async put(name: string, data: Buffer, contentType: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const upload = this.bucket.openUploadStreamWithId(name as never, name, { metadata: { contentType } });
      upload.once('error', reject);
      upload.once('finish', () => resolve());
      upload.end(data);
    });
  }

  async open(name: string) {
    const [file] = await this.bucket.find({ _id: name as never }, { limit: 1 }).toArray();
    if (!file) return undefined;
    return { stream: this.bucket.openDownloadStream(name as never), size: file.length };
  }

  async delete(name: string): Promise<void> {
    await this.bucket.delete(name as never).catch((e: { message?: string }) => {
      if (!/File not found/i.test(e.message ?? '')) throw e;
    });
  }
}
