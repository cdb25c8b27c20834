import type { AccountBlock, AccountDomainBlock, AccountMute, AccountNote, Page, RelationRepository, StatusPin } from '../port.js';
import { Coll, deleteSome } from './collection.js';
import type { MongoCtx } from './context.js';
import { COLLECTIONS } from './indexes.js';
import { pageFilter } from './statuses-queries.js';

export const accountNoteKey = (accountId: string, targetId: string) => JSON.stringify([accountId, targetId]);

async function paged<T extends object>(c: Coll<T>, filter: Record<string, unknown>, page: Page): Promise<T[]> {
  const p = pageFilter(page);
  const rows = await c.all({ ...filter, ...p.filter }, { sort: p.sort, limit: page.limit });
  return p.ascending ? rows.reverse() : rows;
}

const active = (now: string) => ({ $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] });

export class MongoRelations implements RelationRepository {
  readonly blocks: Coll<AccountBlock>;
  readonly mutes: Coll<AccountMute>;
  readonly domainBlocks: Coll<AccountDomainBlock>;
  readonly notes: Coll<AccountNote>;
  readonly pins: Coll<StatusPin>;
  constructor(ctx: MongoCtx) {
    this.blocks = new Coll<AccountBlock>(ctx, { name: COLLECTIONS.accountBlocks, key: 'id', fields: { id: 'text', accountId: 'text', targetId: 'text', uri: 'text', createdAt: 'text' } });
    this.mutes = new Coll<AccountMute>(ctx, { name: COLLECTIONS.accountMutes, key: 'id', fields: { id: 'text', accountId: 'text', targetId: 'text', notifications: 'bool', expiresAt: 'text', createdAt: 'text' } });
    this.domainBlocks = new Coll<AccountDomainBlock>(ctx, { name: COLLECTIONS.accountDomainBlocks, key: 'id', fields: { id: 'text', accountId: 'text', domain: 'text', createdAt: 'text' } });
    this.notes = new Coll<AccountNote>(ctx, {
      name: COLLECTIONS.accountNotes, key: (r) => accountNoteKey(r.accountId, r.targetId),
      fields: { accountId: 'text', targetId: 'text', comment: 'text', updatedAt: 'text' },
    });
    this.pins = new Coll<StatusPin>(ctx, { name: COLLECTIONS.statusPins, key: 'id', fields: { id: 'text', accountId: 'text', statusId: 'text', createdAt: 'text' } });
  }

  /** An insert-only upsert on the pair (the unique index holds under races). */
  async putBlock(block: AccountBlock) {
    const { _id, uri, createdAt } = this.blocks.toDoc(block);
    const res = await this.blocks.c.updateOne({ accountId: block.accountId, targetId: block.targetId }, { $setOnInsert: { _id, uri, createdAt } }, { ...this.blocks.o, upsert: true });
    if (res.upsertedCount === 1) return { block, created: true };
    return { block: (await this.getBlock(block.accountId, block.targetId))!, created: false };
  }
  getBlock(accountId: string, targetId: string) { return this.blocks.get({ accountId, targetId }); }
  async deleteBlock(accountId: string, targetId: string) {
    return this.blocks.fromDoc(await this.blocks.c.findOneAndDelete({ accountId, targetId }, this.blocks.o));
  }
  listBlocks(accountId: string, page: Page) { return paged(this.blocks, { accountId }, page); }
  /** Four finds, each on an index's leading field (the pair indexes, blocks by target), issued together. */
  async viewerSets(accountId: string, now: string, limit: number) {
    const [blocking, blockedBy, mutes, domains] = await Promise.all([
      this.blockedIds(accountId, limit), this.blockerIds(accountId, limit), this.activeMutes(accountId, now, limit),
      this.domainBlocks.all({ accountId }, { sort: { _id: -1 }, limit }),
    ]);
    return { blocking, blockedBy, mutes: mutes.map((m) => ({ targetId: m.targetId, notifications: m.notifications })), domains: domains.map((d) => d.domain) };
  }
  async blockedIds(accountId: string, limit: number) { return (await this.blocks.all({ accountId }, { sort: { _id: -1 }, limit })).map((b) => b.targetId); }
  async blockerIds(targetId: string, limit: number) { return (await this.blocks.all({ targetId }, { sort: { _id: -1 }, limit })).map((b) => b.accountId); }

  async putMute(mute: AccountMute) {
    const { _id, createdAt } = this.mutes.toDoc(mute);
    return (await this.mutes.updateWith(
      { accountId: mute.accountId, targetId: mute.targetId },
      { $set: { notifications: mute.notifications, expiresAt: mute.expiresAt }, $setOnInsert: { _id, createdAt } },
      true,
    ))!;
  }
  getMute(accountId: string, targetId: string) { return this.mutes.get({ accountId, targetId }); }
  async deleteMute(accountId: string, targetId: string) { return (await this.mutes.deleteMany({ accountId, targetId })) > 0; }
  listMutes(accountId: string, now: string, page: Page) { return paged(this.mutes, { accountId, ...active(now) }, page); }
  activeMutes(accountId: string, now: string, limit: number) { return this.mutes.all({ accountId, ...active(now) }, { sort: { _id: -1 }, limit }); }

  async putDomainBlock(block: AccountDomainBlock) {
    const { _id, createdAt } = this.domainBlocks.toDoc(block);
    const res = await this.domainBlocks.c.updateOne({ accountId: block.accountId, domain: block.domain }, { $setOnInsert: { _id, createdAt } }, { ...this.domainBlocks.o, upsert: true });
    if (res.upsertedCount === 1) return { block, created: true };
    return { block: (await this.domainBlocks.get({ accountId: block.accountId, domain: block.domain }))!, created: false };
  }
  async deleteDomainBlock(accountId: string, domain: string) { return (await this.domainBlocks.deleteMany({ accountId, domain })) > 0; }
  listDomainBlocks(accountId: string, page: Page) { return paged(this.domainBlocks, { accountId }, page); }
  async domainBlockers(domain: string, limit: number) { return (await this.domainBlocks.all({ domain }, { sort: { _id: 1 }, limit })).map((b) => b.accountId); }

  async setNote(note: AccountNote) {
    const _id = accountNoteKey(note.accountId, note.targetId);
    if (!note.comment) {
      await this.notes.deleteMany({ _id });
      return;
    }
    const { _id: _ignored, ...rest } = this.notes.toDoc(note);
    await this.notes.c.updateOne({ _id }, { $set: rest }, { ...this.notes.o, upsert: true });
  }
  getNote(accountId: string, targetId: string) { return this.notes.get({ _id: accountNoteKey(accountId, targetId) }); }

  listNotes(accountId: string, limit: number) { return this.notes.all({ accountId }, { sort: { targetId: 1 }, limit }); }

  async putPin(pin: StatusPin) { await this.pins.insert(pin); return pin; }
  async deletePin(accountId: string, statusId: string) { return (await this.pins.deleteMany({ accountId, statusId })) > 0; }
  listPins(accountId: string, limit: number) { return this.pins.all({ accountId }, { sort: { _id: -1 }, limit }); }
  countPins(accountId: string) { return this.pins.count({ accountId }); }
  async pinnedAmong(accountId: string, statusIds: string[]) {
    if (statusIds.length === 0) return [];
    return (await this.pins.all({ accountId, statusId: { $in: statusIds } })).map((p) => p.statusId);
  }
  async deletePinsOf(statusId: string) { await this.pins.deleteMany({ statusId }); }

  async forgetAccount(actorId: string, limit?: number) {
    const both = { $or: [{ accountId: actorId }, { targetId: actorId }] };
    const parts: Array<[{ c: Coll<AccountBlock>['c']; o: Coll<AccountBlock>['o'] }, Record<string, unknown>]> = [
      [this.blocks, both], [this.mutes, both], [this.notes, both], [this.domainBlocks, { accountId: actorId }], [this.pins, { accountId: actorId }],
    ];
    let removed = 0;
    for (const [coll, filter] of parts) {
      const left = limit === undefined ? undefined : limit - removed;
      if (left !== undefined && left <= 0) break;
      removed += await deleteSome(coll.c, filter, coll.o, left);
    }
    return removed;
  }
}
