import type { RunEntity } from '@api/runs/entities/run.entity';
import type { RunDto, SubmissionDto } from './dto/submission.dto';
import type { SubmissionEntity } from './entities/submission.entity';
import type { Submitter } from './submissions.repository';

export function toSubmissionDto(s: SubmissionEntity, runs?: RunEntity[], who?: Submitter): SubmissionDto {
  return {
    id: s.id,
    competitionId: s.competitionId,
    phaseId: s.phaseId,
    teamId: s.teamId,
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
    runs: runs?.map(toRunDto),
    ...(who ? { submitter: who.submitter, teamName: who.teamName } : {}),
  };
}

function toRunDto(r: RunEntity): RunDto {
  return {
    id: r.id,
    taskId: r.taskId,
    status: r.status,
    elapsedMs: r.elapsedMs,
    stepsMs: r.stepsMs ?? null,
    exitCode: r.exitCode,
    failureCode: r.failureCode,
    failureMessage: r.failureMessage,
    workerName: r.workerName,
    workerGpus: r.workerGpus ?? null,
  };
}
