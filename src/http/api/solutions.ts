import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FedDeps } from '../../activitypub/federation.js';
import type { Actor } from '../../store/port.js';
import { requireAuth } from '../plugins/auth.js';
import { DomainError } from '../../errors.js';
import { deleteSolution, publishSolution, updateSolution } from '../../domain/solutions/publish.js';
import { adoptionView, getSolution, parseSolutionQuery, searchSolutions, solutionRevisions, solutionView } from '../../domain/solutions/read.js';
import { reportAdoption } from '../../domain/solutions/adoptions.js';

function staff(request: FastifyRequest): Actor {
  const actor = request.principal?.actor;
  if (!actor || actor.domain !== null || actor.type !== 'Person') throw new DomainError('forbidden', 'STAFF_ONLY', 'only a staff account can do this');
  return actor;
}

/**
 * The native solutions API (docs/solutions-api.md). Errors are problem+json; a body that fails
 * schemas/solution.schema.json names every bad field in `errors` (JSON pointers).
 */
export async function solutionApiRoutes(app: FastifyInstance, fed: FedDeps): Promise<void> {
  const write = requireAuth(fed, 'write:statuses');
  type IdParams = { Params: { id: string } };

  app.post('/api/v1/solutions', { preHandler: write }, async (request, reply) => {
    const record = await publishSolution(fed, staff(request), request.body);
    return reply.code(201).header('location', `/api/v1/solutions/${record.id}`).send(await solutionView(fed, record));
  });

  app.get<{ Querystring: Record<string, unknown> }>('/api/v1/solutions', async (request) => searchSolutions(fed, parseSolutionQuery(request.query)));

  app.get<IdParams>('/api/v1/solutions/:id', async (request) => solutionView(fed, await getSolution(fed, request.params.id)));

  app.patch<IdParams>('/api/v1/solutions/:id', { preHandler: write }, async (request) =>
    solutionView(fed, await updateSolution(fed, staff(request), request.params.id, request.body)));

  app.delete<IdParams>('/api/v1/solutions/:id', { preHandler: write }, async (request, reply) => {
    await deleteSolution(fed, staff(request), request.params.id);
    return reply.code(204).send();
  });

  app.get<IdParams>('/api/v1/solutions/:id/revisions', async (request) => solutionRevisions(fed, request.params.id));

  app.get<IdParams>('/api/v1/solutions/:id/adoptions', async (request) => {
    const record = await getSolution(fed, request.params.id);
    return Promise.all((await fed.store.solutions.listAdoptions(record.uri)).map((a) => adoptionView(fed, a)));
  });

  app.post<IdParams>('/api/v1/solutions/:id/adoptions', { preHandler: write }, async (request, reply) => {
    const { adoption, created } = await reportAdoption(fed, staff(request), request.params.id, request.body);
    return reply.code(created ? 201 : 200).send(await adoptionView(fed, adoption));
  });
}
