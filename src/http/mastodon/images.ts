import { crc32, deflateSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

/** Where Mastodon serves its "missing" images; apps expect an image URL for every account. */
export const DEFAULT_AVATAR_PATH = '/avatars/original/missing.png';
export const DEFAULT_HEADER_PATH = '/headers/original/missing.png';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A solid-colour RGB PNG, built once at start (no image files to ship or serve from disk). */
export function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set(rgb, 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const AVATAR = solidPng(120, 120, [0xc8, 0xcf, 0xd6]);
const HEADER = solidPng(300, 100, [0x5f, 0x6f, 0x7f]);

export async function defaultImageRoutes(app: FastifyInstance): Promise<void> {
  const send = (png: Buffer) => async (_req: unknown, reply: import('fastify').FastifyReply) =>
    reply.type('image/png').header('cache-control', 'public, max-age=86400').header('access-control-allow-origin', '*').send(png);
  app.get(DEFAULT_AVATAR_PATH, send(AVATAR));
  app.get(DEFAULT_HEADER_PATH, send(HEADER));
}
