import { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { ZipFile } from 'yazl';
import { archiveSegment } from '@api/common/archive-names';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError, forbidden, notFound } from '@api/common/domain.error';
import { CompetitionsService } from '@api/competitions/competitions.service';
import { OrganizersService } from '@api/organizers/organizers.service';
import { BlobStore } from '@api/storage/blob-store';
import { csvRecord } from '@api/common/csv';
import type { SubmissionEntity, SubmissionStatus } from './entities/submission.entity';
import { type HoldingBoard, SubmissionToolsRepository } from './submission-tools.repository';
import { participantRemoves } from '@arena/leaderboard';
import { SubmissionsRepository } from './submissions.repository';
import { SubmissionsService } from './submissions.service';

const PAGE = 200;
const SUBMISSION_COLUMNS = [
  ...['id', 'phase', 'username', 'team', 'status', 'description', 'file_size', 'scores', 'fact_sheet'],
  ...['rerun_of', 'public', 'created_at', 'finished_at'],
];

/** Why a participant may not delete their own submission, or null (see SubmissionToolsService.delete). */
export function ownDeletionRefusal(id: string, boards: HoldingBoard[], awaitingBoards: boolean): string | null {
  // Force_* place entries automatically, and a plain Add entry cannot be taken back: the board keeps those.
  const kept = boards.find((b) => !participantRemoves(b.rule));
  if (kept) {
    return `submission ${id} is on the leaderboard "${kept.title}", whose rule ${kept.rule} keeps it there: it cannot be deleted`;
  }
  if (boards.length) {
    return `submission ${id} is on the leaderboard "${boards[0].title}": take it off first (DELETE /api/submissions/${id}/leaderboard)`;
  }
  if (awaitingBoards) {
    return `the leaderboards have yet to take submission ${id} in; try again in a moment`;
  }
  return null;
}

/** What organizers do to the submissions of their competition: re-run, delete, export; participants delete theirs. */
@Injectable()
export class SubmissionToolsService {
  private readonly logger = new Logger(SubmissionToolsService.name);

  constructor(
    private readonly repo: SubmissionToolsRepository,
    private readonly submissions: SubmissionsRepository,
    private readonly service: SubmissionsService,
    private readonly competitions: CompetitionsService,
    private readonly organizers: OrganizersService,
    private readonly store: BlobStore,
  ) {}

  async rerun(user: AuthUser, submissionId: string, phaseId?: string): Promise<SubmissionEntity> {
    const original = await this.organizedSubmission(user, submissionId);
    if (phaseId && (await this.competitions.getPhase(phaseId)).competitionId !== original.competitionId) {
      throw notFound(`phase ${phaseId} of this competition`);
    }
    return this.service.rerun(original, phaseId);
  }

  async rerunPhase(user: AuthUser, phaseId: string, statuses: SubmissionStatus[]): Promise<SubmissionEntity[]> {
    await this.organizedPhase(user, phaseId);
    const done: SubmissionEntity[] = [];
    for (const s of await this.repo.endedInPhase(phaseId, statuses)) {
      done.push(await this.service.rerun(s));
    }
    return done;
  }

  /**
   * Deletes an ended submission and what it stored; one in flight must be cancelled first. Organizers delete any;
   * a participant deletes their own unless a board holds it (a Force rule keeps it there; under an Add rule they
   * take it off the board first) or is about to take it in. What it used of their storage quota is freed with it.
   */
  async delete(user: AuthUser, submissionId: string): Promise<void> {
    const s = await this.submissions.find(submissionId);
    if (!s) {
      throw notFound(`submission ${submissionId}`);
    }
    const organizer = await this.organizers.isOrganizer(await this.organizers.competition(s.competitionId), user);
    if (!organizer && s.ownerId !== user.id) {
      throw notFound(`submission ${submissionId}`);
    }
    const deleted = await this.repo.delete(
      submissionId,
      organizer ? undefined : (boards, waiting) => ownDeletionRefusal(submissionId, boards, waiting),
    );
    if (!deleted) {
      throw new DomainError(
        'conflict',
        `submission ${submissionId} is still being scored; cancel it first (POST /api/submissions/${submissionId}/cancel)`,
      );
    }
    if (deleted.refused) {
      throw new DomainError('conflict', deleted.refused);
    }
    if (deleted.keys.length) {
      await this.store.delete(deleted.keys);
    }
  }

  /**
   * All submission files of a phase as one zip, `<username>/<submission-id>.zip` (the username made safe for a path),
   * streamed as it is built.
   */
  async phaseZip(user: AuthUser, phaseId: string): Promise<Readable> {
    await this.organizedPhase(user, phaseId);
    const zip = new ZipFile();
    const out = zip.outputStream as Readable;
    void (async () => {
      let after: { createdAt: Date; id: string } | null = null;
      for (;;) {
        const rows = await this.repo.filesPage(phaseId, after, PAGE);
        for (const r of rows) {
          // Opened only when yazl reaches the entry, so a large phase never holds many open downloads.
          zip.addReadStreamLazy(`${archiveSegment(r.username)}/${r.id}.zip`, { compress: false }, (cb) => {
            this.store.get(r.fileKey).then(
              (s) => cb(null, s),
              (e: unknown) => cb(e, undefined as never),
            );
          });
        }
        if (rows.length < PAGE) {
          break;
        }
        after = rows[rows.length - 1];
      }
      zip.end();
    })().catch((e: unknown) => {
      this.logger.error(`zip of phase ${phaseId} failed: ${String(e)}`);
      out.destroy(e as Error);
    });
    return out;
  }

  async submissionsCsv(user: AuthUser, competitionId: string): Promise<Readable> {
    await this.organizers.requireOrganizer(competitionId, user);
    const repo = this.repo;
    return Readable.from(
      (async function* () {
        yield csvRecord(SUBMISSION_COLUMNS);
        let after: { createdAt: Date; id: string } | null = null;
        for (;;) {
          const rows = await repo.submissionsPage(competitionId, after, PAGE);
          for (const r of rows) {
            const json = (v: object | null) => (v ? JSON.stringify(v) : null);
            yield csvRecord([
              ...[
                r.id,
                r.phase,
                r.username,
                r.team,
                r.status,
                r.description,
                r.fileSize,
                json(r.scores),
                json(r.factSheet),
              ],
              ...[r.rerunOf, r.isPublic, r.createdAt, r.finishedAt],
            ]);
          }
          if (rows.length < PAGE) {
            return;
          }
          after = rows[rows.length - 1];
        }
      })(),
    );
  }

  async participantsCsv(user: AuthUser, competitionId: string): Promise<Readable> {
    await this.organizers.requireOrganizer(competitionId, user);
    const repo = this.repo;
    return Readable.from(
      (async function* () {
        yield csvRecord(['username', 'email', 'status', 'terms_accepted_at', 'registered_at']);
        let after: string | null = null;
        for (;;) {
          const rows = await repo.participantsPage(competitionId, after, PAGE);
          for (const r of rows) {
            yield csvRecord([r.username, r.email, r.status, r.termsAcceptedAt, r.registeredAt]);
          }
          if (rows.length < PAGE) {
            return;
          }
          after = rows[rows.length - 1].username;
        }
      })(),
    );
  }

  /** Others learn nothing of a submission: not even that it exists. */
  private async organizedSubmission(user: AuthUser, id: string): Promise<SubmissionEntity> {
    const s = await this.submissions.find(id);
    if (!s) {
      throw notFound(`submission ${id}`);
    }
    const competition = await this.organizers.competition(s.competitionId);
    if (!(await this.organizers.isOrganizer(competition, user))) {
      if (s.ownerId === user.id) {
        throw forbidden('only the organizers of this competition may do this');
      }
      throw notFound(`submission ${id}`);
    }
    return s;
  }

  private async organizedPhase(user: AuthUser, phaseId: string): Promise<void> {
    const phase = await this.competitions.getPhase(phaseId);
    await this.organizers.requireOrganizer(phase.competitionId, user);
  }
}
