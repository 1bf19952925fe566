import { pseudonymsOf } from '@api/leaderboards/pseudonyms';
import type { RunEntity } from '@api/runs/entities/run.entity';
import type { RunDto, SubmissionDto } from './dto/submission.dto';
import type { SubmissionEntity } from './entities/submission.entity';
import { seesNames, type Viewer } from './submission-visibility';
import type { Submitter } from './submissions.repository';

/** `viewer`: how the caller relates to it; another participant of an anonymous competition sees only pseudonyms. */
export function toSubmissionDto(
  s: SubmissionEntity,
  runs?: RunEntity[],
  who?: Submitter,
  viewer: Viewer = 'owner',
): SubmissionDto {
  const hidden = who !== undefined && !seesNames(viewer, who.anonymous);
  const names = who && (hidden ? pseudonymsOf(who) : { submitter: who.submitter, team: who.teamName });
  return {
    id: s.id,
    competitionId: s.competitionId,
    phaseId: s.phaseId,
    // A team's id identifies the team as its name does.
    teamId: hidden ? null : s.teamId,
    status: s.status,
    description: s.description,
    fileSize: s.fileSize,
    scores: s.scores,
    failureCode: s.failureCode,
    failureMessage: s.failureMessage,
    createdAt: s.createdAt,
    finishedAt: s.finishedAt,
    rerunOf: s.rerunOf,
    isPublic: s.isPublic,
    factSheet: s.factSheet,
    metadata: s.metadata ?? null,
    runs: runs?.map((r) => toRunDto(r, viewer)),
    ...(names ? { submitter: names.submitter, teamName: names.team } : {}),
  };
}

function toRunDto(r: RunEntity, viewer: Viewer): RunDto {
  return {
    id: r.id,
    taskId: r.taskId,
    status: r.status,
    elapsedMs: r.elapsedMs,
    stepsMs: r.stepsMs ?? null,
    // Derived from the output, which only its submitter and the organizers may download.
    extraScores: viewer === 'public' ? null : (r.extraScores ?? null),
    exitCode: r.exitCode,
    failureCode: r.failureCode,
    failureMessage: r.failureMessage,
    workerName: r.workerName,
    workerGpus: r.workerGpus ?? null,
    held: r.heldAt != null && r.status === 'queued',
  };
}
