import { idOf, type ActivityHandler } from './context.js';

/**
 * A boost: recorded by the object's id only. An embedded copy may come from any host, so it is
 * never stored from here (origin rule); the object is read from its own server when needed.
 */
export const handleAnnounce: ActivityHandler = async ({ activity }) => ({ objectUri: idOf(activity.object) ?? null });
