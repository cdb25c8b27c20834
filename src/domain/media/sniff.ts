import type { MediaKind } from '../../store/port.js';

export interface Sniffed {
  contentType: string;
  extension: string;
  kind: MediaKind;
  width: number | null;
  height: number | null;
}

/**
 * The file's real type from its first bytes. The client's Content-Type and file name are never
 * trusted: a page served as image/png that is really HTML would be a stored XSS.
 */
export function sniff(data: Buffer): Sniffed | undefined {
  if (data.length >= 24 && data.readUInt32BE(0) === 0x89504e47 && data.readUInt32BE(4) === 0x0d0a1a0a && data.toString('latin1', 12, 16) === 'IHDR') {
    return { contentType: 'image/png', extension: 'png', kind: 'image', width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  }
  if (data.length >= 10 && /^GIF8[79]a$/.test(data.toString('latin1', 0, 6))) {
    return { contentType: 'image/gif', extension: 'gif', kind: 'image', width: data.readUInt16LE(6), height: data.readUInt16LE(8) };
  }
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) {
    const size = jpegSize(data);
    return { contentType: 'image/jpeg', extension: 'jpg', kind: 'image', width: size?.width ?? null, height: size?.height ?? null };
  }
  if (data.length >= 16 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') {
    return { contentType: 'image/webp', extension: 'webp', kind: 'image', width: null, height: null };
  }
  if (data.length >= 5 && data.toString('latin1', 0, 5) === '%PDF-') {
    return { contentType: 'application/pdf', extension: 'pdf', kind: 'document', width: null, height: null };
  }
  return undefined;
}

/** Walks JPEG segments to the first start-of-frame marker, which holds the dimensions. */
function jpegSize(data: Buffer): { width: number; height: number } | undefined {
  let i = 2;
  for (let guard = 0; guard < 1000 && i + 9 < data.length; guard++) {
    if (data[i] !== 0xff) return undefined;
    const marker = data[i + 1]!;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const length = data.readUInt16BE(i + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return { height: data.readUInt16BE(i + 5), width: data.readUInt16BE(i + 7) };
    i += 2 + length;
  }
  return undefined;
}

export const SUPPORTED_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf'] as const;
