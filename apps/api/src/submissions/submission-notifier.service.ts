import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AccountsService } from '@api/accounts/accounts.service';
import { CompetitionsService } from '@api/competitions/competitions.service';
import { ApiConfig } from '@api/config/api-config';
import { SubmissionResultsFilter } from '@api/leaderboards/submission-results.filter';
import { MailService } from '@api/mail/mail.service';
import { SubmissionsRepository } from './submissions.repository';

const BATCH = 50;

/**
 * Tells owners that a submission finished or failed. It watches the submissions table rather than the code that
 * stores results, so a result is stored whether or not mail works, and each owner hears once (notified_at).
 */
@Injectable()
export class SubmissionNotifier implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SubmissionNotifier');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly repo: SubmissionsRepository,
    private readonly accounts: AccountsService,
    private readonly competitions: CompetitionsService,
    private readonly mail: MailService,
    private readonly config: ApiConfig,
    private readonly results: SubmissionResultsFilter,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.notify().finally(() => (this.running = null));
    }, this.config.mail.intervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
    }
    await this.running;
  }

  private async notify(): Promise<void> {
    try {
      const ended = await this.repo.claimEndedUnnotified(BATCH);
      if (ended.length === 0) {
        return;
      }
      const contacts = new Map((await this.accounts.contacts(ended.map((s) => s.ownerId))).map((c) => [c.id, c]));
      const titles = new Map<string, string>();
      for (const s of ended) {
        const owner = contacts.get(s.ownerId);
        if (!owner?.notifySubmissions) {
          continue;
        }
        if (!titles.has(s.competitionId)) {
          titles.set(s.competitionId, (await this.competitions.get(s.competitionId)).title);
        }
        const title = titles.get(s.competitionId)!;
        // Mail goes to a participant: only the scores the leaderboard shows them (no hidden column or board).
        const shown = await this.results.one({ phaseId: s.phaseId, scores: s.scores }, undefined);
        const scores = Object.entries(shown.scores ?? {}).map(([k, v]) => `  ${k}: ${v}`);
        // While the organizers keep results hidden, a mail must not carry them either.
        const hidden = await this.results.hides(s.phaseId);
        const body =
          s.status === 'finished'
            ? hidden
              ? `Your submission ${s.id} finished. Its scores will be shown when the organizers reveal the results.\n`
              : `Your submission ${s.id} finished.\n\nScores:\n${scores.join('\n')}\n`
            : `Your submission ${s.id} failed: ${s.failureMessage ?? 'no reason given'}\n`;
        await this.mail.queue(owner.email, `[${title}] Submission ${s.status}`, `Hello ${owner.username},\n\n${body}`);
      }
    } catch (e) {
      this.logger.error(`submission notifications failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
