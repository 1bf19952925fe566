import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@api/clock/clock';
import { PeriodicSweep } from '@api/common/periodic-sweep';
import { ApiConfig } from '@api/config/api-config';
import { AutoMigrationRepository } from './auto-migration.repository';
import { SubmissionsService } from './submissions.service';

/**
 * When a phase with `auto_migrate_to_this_phase` is open, each entrant's leaderboard submission of the phase before
 * it (their latest finished one, made before it opened) is re-run in it, once: a row per (phase, original) in
 * phase_migrations is claimed first, so concurrent sweeps and API instances never migrate one twice. Re-runs
 * skip the limits, so in-flight runs and used-up quotas of submissions do not stop it.
 */
@Injectable()
export class AutoMigrationService extends PeriodicSweep<number> {
  protected readonly logger = new Logger(AutoMigrationService.name);
  protected readonly sweepName = 'auto-migration sweep';

  constructor(
    private readonly repo: AutoMigrationRepository,
    private readonly submissions: SubmissionsService,
    private readonly clock: Clock,
    private readonly config: ApiConfig,
  ) {
    super();
  }

  protected intervalMs(): number {
    return this.config.submissionTools.autoMigrationIntervalMs;
  }

  /** Migrates what is due now; returns how many submissions it created. */
  protected async run(): Promise<number> {
    let created = 0;
    for (const phase of await this.repo.openWithPrevious(this.clock.now())) {
      if (!phase.autoMigrate) {
        continue;
      }
      for (const original of await this.repo.pending(phase)) {
        if (!(await this.repo.claim(phase.id, original.id))) {
          continue;
        }
        try {
          const migrated = await this.submissions.rerun(original, phase.id);
          await this.repo.complete(phase.id, original.id, migrated.id);
          created++;
        } catch (e) {
          // Released so that the next sweep tries again.
          await this.repo.release(phase.id, original.id);
          this.logger.warn(
            `auto-migration of submission ${original.id} into phase ${phase.id} failed: ${(e as Error).message}`,
          );
        }
      }
    }
    return created;
  }
}
