import type { Actor, AdoptionRecord, SolutionRecord } from '../../store/port.js';
import type { Deps } from '../deps.js';
import { ADOPTION_STATUSES, type AdoptionStatus } from './model.js';
import { agencyActor } from './publish.js';
import { actorsById } from './front.js';

export interface AdoptionWithAdopter { adoption: AdoptionRecord; adopter: Actor | undefined }

export interface SolutionImpact {
  solution: SolutionRecord;
  /** Every status, in the order of ADOPTION_STATUSES; empty lists included. */
  byStatus: Record<AdoptionStatus, AdoptionWithAdopter[]>;
  adoptions: number;
}

export interface AdoptedFromOthers {
  adoption: AdoptionRecord;
  /** Undefined when the solution was deleted at its origin or never reached us. */
  solution: SolutionRecord | undefined;
  organisation: Actor | undefined;
}

export interface ImpactReport {
  ours: SolutionImpact[];
  totals: {
    solutions: number;
    /** Our solutions with at least one adoption that is not abandoned. */
    adoptedSolutions: number;
    adoptions: number;
    byStatus: Record<AdoptionStatus, number>;
    /** Distinct agencies that report adopting one of ours (abandoned ones included). */
    agencies: number;
  };
  adoptedFromOthers: AdoptedFromOthers[];
  /** The report stopped at a bound (more solutions or adoptions than one page shows). */
  truncated: boolean;
}

/** Bounds for one report: a director's page, not an export. */
const MAX_SOLUTIONS = 1000;
const PAGE = 100;
const MAX_ADOPTED = 500;

const emptyByStatus = <T>(make: () => T): Record<AdoptionStatus, T> =>
  Object.fromEntries(ADOPTION_STATUSES.map((s) => [s, make()])) as Record<AdoptionStatus, T>;

/**
 * The reuse report: each of our solutions with who adopted it, grouped by status with their
 * reported outcome; totals; and what our agency adopted from others. Newest solutions first.
 */
export async function impactReport(deps: Pick<Deps, 'store' | 'config'>): Promise<ImpactReport> {
  const agency = await agencyActor(deps);
  const ours: SolutionRecord[] = [];
  let truncated = false;
  for (let page = 0; page < MAX_SOLUTIONS / PAGE; page++) {
    const batch = await deps.store.solutions.listByActor(agency.id, { limit: PAGE, ...(ours.length ? { beforeId: ours[ours.length - 1]!.id } : {}) });
    ours.push(...batch);
    if (batch.length < PAGE) break;
    if (ours.length >= MAX_SOLUTIONS) truncated = true;
  }
  const adoptions = await deps.store.solutions.listAdoptionsOf(ours.map((s) => s.uri));
  const mine = await deps.store.solutions.listAdoptionsByAdopter(agency.id, MAX_ADOPTED + 1);
  if (mine.length > MAX_ADOPTED) truncated = true;
  const adopted = mine.slice(0, MAX_ADOPTED);

  const adoptedSolutions = new Map<string, SolutionRecord | undefined>();
  for (const a of adopted) {
    const s = await deps.store.solutions.getByUri(a.solutionUri);
    adoptedSolutions.set(a.solutionUri, s && !s.deletedAt ? s : undefined);
  }
  const actors = await actorsById(deps, [
    ...adoptions.map((a) => a.adopterId),
    ...[...adoptedSolutions.values()].flatMap((s) => (s ? [s.actorId] : [])),
  ]);

  const bySolution = new Map<string, AdoptionRecord[]>();
  for (const a of adoptions) {
    const list = bySolution.get(a.solutionUri) ?? [];
    list.push(a);
    bySolution.set(a.solutionUri, list);
  }
  const totals = { solutions: ours.length, adoptedSolutions: 0, adoptions: adoptions.length, byStatus: emptyByStatus(() => 0), agencies: new Set(adoptions.map((a) => a.adopterId)).size };
  const report: SolutionImpact[] = ours.map((solution) => {
    const byStatus = emptyByStatus<AdoptionWithAdopter[]>(() => []);
    const list = bySolution.get(solution.uri) ?? [];
    for (const adoption of list) {
      byStatus[adoption.status].push({ adoption, adopter: actors.get(adoption.adopterId) });
      totals.byStatus[adoption.status]++;
    }
    if (list.some((a) => a.status !== 'abandoned')) totals.adoptedSolutions++;
    return { solution, byStatus, adoptions: list.length };
  });

  return {
    ours: report,
    totals,
    adoptedFromOthers: adopted.map((adoption) => {
      const solution = adoptedSolutions.get(adoption.solutionUri);
      return { adoption, solution, organisation: solution ? actors.get(solution.actorId) : undefined };
    }),
    truncated,
  };
}
