import { describe, expect, it } from 'vitest';
import type { SubmissionEntity } from './entities/submission.entity';
import { toSubmissionDto } from './submission.mapper';
import type { Submitter } from './submissions.repository';

const submission = { id: 's1', competitionId: 'c1', phaseId: 'p1', teamId: 't1', status: 'finished', scores: null } as SubmissionEntity;
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
