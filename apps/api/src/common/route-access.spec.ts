import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { describe, expect, it } from 'vitest';
import { AccountsController } from '@api/accounts/accounts.controller';
import { CompetitionBundleController } from '@api/competitions/competition-bundle.controller';
import { CompetitionsController } from '@api/competitions/competitions.controller';
import { DatasetsController } from '@api/datasets/datasets.controller';
import { HealthController } from '@api/health/health.controller';
import { LeaderboardAdminController } from '@api/leaderboards/leaderboard-admin.controller';
import { LeaderboardPicksController } from '@api/leaderboards/leaderboard-picks.controller';
import { LeaderboardsController } from '@api/leaderboards/leaderboards.controller';
import { OrganizersController } from '@api/organizers/organizers.controller';
import { OrganizerParticipantsController } from '@api/participants/organizer-participants.controller';
import { ParticipantsController } from '@api/participants/participants.controller';
import { PhaseFilesController } from '@api/phase-files/phase-files.controller';
import { QueuesController } from '@api/queues/queues.controller';
import { RunControlController } from '@api/runs/run-control.controller';
import { WorkerRunsController } from '@api/runs/worker-runs.controller';
import { SubmissionsController } from '@api/submissions/submissions.controller';
import { SubmissionToolsController } from '@api/submissions/submission-tools.controller';
import { StorageController } from '@api/submissions/storage.controller';
import { TeamsController } from '@api/teams/teams.controller';
import { UploadsController } from '@api/uploads/uploads.controller';
import { ACCESS_KEY } from './auth.decorators';

const CONTROLLERS = [
  AccountsController,
  CompetitionBundleController,
  CompetitionsController,
  DatasetsController,
  HealthController,
  LeaderboardsController,
  LeaderboardAdminController,
  LeaderboardPicksController,
  ParticipantsController,
  OrganizerParticipantsController,
  OrganizersController,
  PhaseFilesController,
  TeamsController,
  QueuesController,
  WorkerRunsController,
  RunControlController,
  SubmissionsController,
  SubmissionToolsController,
  StorageController,
  UploadsController,
];

describe('every route declares who may call it', () => {
  const routes = CONTROLLERS.flatMap((controller) =>
    Object.getOwnPropertyNames(controller.prototype)
      .filter((name) => name !== 'constructor')
      .map((name) => ({ controller, name, handler: (controller.prototype as unknown as Record<string, object>)[name] }))
      .filter(({ handler }) => Reflect.getMetadata(METHOD_METADATA, handler) !== undefined),
  );

  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
  });

  it.each(routes.map((r) => [`${r.controller.name}.${r.name}`, r] as const))('%s', (_, r) => {
    const access = Reflect.getMetadata(ACCESS_KEY, r.handler) ?? Reflect.getMetadata(ACCESS_KEY, r.controller);
    expect(['public', 'user', 'worker-run']).toContain(access);
    expect(Reflect.getMetadata(PATH_METADATA, r.handler)).toBeDefined();
  });
});
