import { idOf, type ActivityHandler } from './context.js';

/** A favourite: the activity record itself (actor, object) is the state; Undo(Like) removes it. */
export const handleLike: ActivityHandler = async ({ activity }) => ({ objectUri: idOf(activity.object) ?? null });
