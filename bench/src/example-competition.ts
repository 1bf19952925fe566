import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { zipDirectory } from '@arena/safe-zip';
import { ApiSession } from './api-session';
import { EXAMPLE } from './raw-docker';

export interface ExampleCompetition {
  organizer: ApiSession;
  participant: ApiSession;
  phaseId: string;
  /** The example results submission, zipped. */
  results: string;
}

/** The example competition created through the public API, with a registered participant. */
export async function setUpExampleCompetition(api: string, tmp: string): Promise<ExampleCompetition> {
  const stamp = Date.now().toString(36);
  const organizer = await ApiSession.signUp(api, `bench-org-${stamp}`);
  const participant = await ApiSession.signUp(api, `bench-user-${stamp}`);
  const bundle = join(tmp, 'bundle.zip');
  await zipDirectory(join(EXAMPLE, 'bundle'), createWriteStream(bundle));
  const competition = await organizer.upload('/api/competitions', 'bundle', bundle);
  // New uploads are drafts: the participant needs it public.
  await organizer.call('PUT', `/api/competitions/${competition.id}/visibility`, { visibility: 'public' });
  await participant.call('POST', `/api/competitions/${competition.id}/participation`, { acceptTerms: true });
  const results = join(tmp, 'results.zip');
  await zipDirectory(join(EXAMPLE, 'submission'), createWriteStream(results));
  return { organizer, participant, phaseId: competition.phases[0].id, results };
}
