import { describe, expect, it } from 'vitest';
import type { RunEntity } from '@api/runs/entities/run.entity';
import type { SubmissionEntity } from './entities/submission.entity';
import { toSubmissionDto } from './submission.mapper';
import type { Submitter } from './submissions.repository';

const submission = {
  id: 's1',
  competitionId: 'c1',
  phaseId: 'p1',
  teamId: 't1',
  status: 'finished',
  scores: null,
} as SubmissionEntity;
const who = (anonymous: boolean): Submitter => ({
  submitter: 'ada',
  teamName: 'Zebras',
  anonymous,
  ownerNumber: 417,
  teamNumber: 82,
  isTeam: true,
});

describe('toSubmissionDto: who made it', () => {
  it('gives another reader of a public submission of an anonymous competition pseudonyms, and no team id', () => {
    expect(toSubmissionDto(submission, [], who(true), 'public')).toMatchObject({
      submitter: 'Participant 417',
      teamName: 'Team 82',
      teamId: null,
    });
  });

  it.each([
    ['the owner', 'owner', true],
    ['an organizer', 'organizer', true],
    ['another reader, competition not anonymous', 'public', false],
  ] as const)('gives %s the names', (_name, viewer, anonymous) => {
    expect(toSubmissionDto(submission, [], who(anonymous), viewer)).toMatchObject({
      submitter: 'ada',
      teamName: 'Zebras',
      teamId: 't1',
    });
  });
});

describe('toSubmissionDto: extra output of its runs', () => {
  const run = {
    id: 'r1',
    taskId: 't',
    status: 'finished',
    extraScores: { all_costs: { g0: 7 } },
  } as unknown as RunEntity;

  it.each(['owner', 'organizer'] as const)('is shown to the %s', (viewer) => {
    expect(toSubmissionDto(submission, [run], who(false), viewer).runs?.[0].extraScores).toEqual({
      all_costs: { g0: 7 },
    });
  });

  it('is withheld from another reader of a public submission, as the output it comes from is', () => {
    expect(toSubmissionDto(submission, [run], who(false), 'public').runs?.[0].extraScores).toBeNull();
  });
});
