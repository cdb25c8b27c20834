import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/deps.js';
import { activeFilters, type ActiveFilter } from '../../domain/filters/match.js';
import type { Actor, FilterContext } from '../../store/port.js';
import { StatusPresenter } from './entities/status.js';

/** The signed-in user's active filters for a context ([] for anonymous and app-only requests). */
export async function filtersFor(deps: Deps, request: FastifyRequest, context: FilterContext): Promise<ActiveFilter[]> {
  const user = request.principal?.user;
  return user ? activeFilters(deps, user.id, context) : [];
}

/** A presenter for a timeline, notifications or a thread: the viewer's filters for that context applied. */
export async function filteringPresenter(deps: Deps, request: FastifyRequest, context: FilterContext): Promise<StatusPresenter> {
  const viewer: Actor | null = request.principal?.actor ?? null;
  return new StatusPresenter(deps, viewer, await filtersFor(deps, request, context));
}
