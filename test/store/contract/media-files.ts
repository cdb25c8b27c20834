import type { ContractSuite } from './types.js';

async function read(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const suite: ContractSuite = (t, fresh) => {
  t.test('media files: put, open with size, delete (twice is fine), names apart', async (t) => {
    const store = await fresh();
    const data = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255, ...Buffer.from('æøå')]);
    t.equal(await store.mediaFiles.open('1-aa.png'), undefined, 'nothing yet');
    await store.mediaFiles.put('1-aa.png', data, 'image/png');
    await store.mediaFiles.put('2-bb.pdf', Buffer.from('%PDF-1.4'), 'application/pdf');
    const file = await store.mediaFiles.open('1-aa.png');
    t.equal(file?.size, data.length);
    t.same(await read(file!.stream), data, 'the same bytes');
    await store.mediaFiles.delete('1-aa.png');
    t.equal(await store.mediaFiles.open('1-aa.png'), undefined, 'deleted');
    await store.mediaFiles.delete('1-aa.png');
    t.pass('deleting again is fine');
    t.equal((await store.mediaFiles.open('2-bb.pdf'))?.size, 8, 'another file stays');
  });
};

export default suite;
