import { randomUUID } from 'node:crypto';

/** The resources a sweep made, named by what a path parameter stands for. */
export interface SweepResources {
  competition?: string;
  phase?: string;
  team?: string;
  run?: string;
  submission?: string;
  token?: string;
  queue?: string;
  upload?: string;
}

/** `{id}` names the resource of the route's first segment. */
const ID_BY_PREFIX: [string, keyof SweepResources][] = [
  ['/api/competitions/', 'competition'],
  ['/api/submissions/', 'submission'],
  ['/api/auth/tokens/', 'token'],
  ['/api/queues/', 'queue'],
  ['/api/uploads/', 'upload'],
];

/**
 * Fills each `{name}` of a route's path, as the sweeps do: first from `own` (what one sweep chooses itself, such as a
 * hostile value or its own users), then with the sweep's resource the name stands for, then with `otherwise` (a
 * well-shaped value naming nothing, by default a random uuid), so new routes are swept as they appear.
 */
export function fillPath(
  path: string,
  resources: SweepResources,
  own: (name: string) => string | undefined = () => undefined,
  otherwise: (name: string) => string = () => randomUUID(),
): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => own(name) ?? known(path, name, resources) ?? otherwise(name));
}

function known(path: string, name: string, r: SweepResources): string | undefined {
  switch (name) {
    case 'competitionId':
      return r.competition;
    case 'phaseId':
      return r.phase;
    case 'teamId':
      return r.team;
    case 'runId':
      return r.run;
    case 'id': {
      const kind = ID_BY_PREFIX.find(([prefix]) => path.startsWith(prefix))?.[1];
      return kind ? r[kind] : undefined;
    }
    case 'stream':
      return 'stdout';
    case 'key':
      return 'main';
    default:
      return undefined;
  }
}
