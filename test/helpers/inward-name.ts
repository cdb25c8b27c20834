import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { lookup } from 'node:dns/promises';
import { isInwardAddress } from '../../src/activitypub/fetch/address-guard.js';

/**
 * A host name (not an IP literal, not `localhost` or `*.localhost`, which the guard refuses by
 * name) whose DNS answer points inward: only the guard's check of the DNS answer can stop it.
 * This machine's own name usually is one (/etc/hosts); else any name /etc/hosts maps inward.
 * Undefined when there is none: callers skip with that reason.
 */
export async function inwardName(): Promise<{ name: string; address: string } | undefined> {
  let fromHosts: string[] = [];
  try {
    fromHosts = readFileSync('/etc/hosts', 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim().split(/\s+/).slice(1)).flat();
  } catch {
    // no /etc/hosts: only the machine's name is tried
  }
  for (const name of [hostname(), ...fromHosts].slice(0, 50)) {
    if (!name || /^localhost$|\.localhost$/i.test(name) || /^[\d.]+$|:/.test(name)) continue;
    const answer = await lookup(name).catch(() => undefined);
    if (answer && isInwardAddress(answer.address)) return { name, address: answer.address };
  }
  return undefined;
}
