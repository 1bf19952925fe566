import { describe, expect, it } from 'vitest';
import {
  addPick,
  participantChooses,
  participantRemoves,
  type EntryPick,
  removePick,
  SUBMISSION_RULES,
  type SubmissionRule,
} from './index';

const a1: EntryPick = { submissionId: 'a1', participantId: 'alice' };
const a2: EntryPick = { submissionId: 'a2', participantId: 'alice' };
const b1: EntryPick = { submissionId: 'b1', participantId: 'bob' };

describe('participant choices per submission rule', () => {
  it.each<[SubmissionRule, boolean, boolean]>([
    ['Add', true, false],
    ['Add_And_Delete', true, true],
    ['Add_And_Delete_Multiple', true, true],
    ['Force_Last', false, false],
    ['Force_Latest_Multiple', false, false],
    ['Force_Best', false, false],
  ])('%s: chooses %s, removes %s', (rule, chooses, removes) => {
    expect(participantChooses(rule)).toBe(chooses);
    expect(participantRemoves(rule)).toBe(removes);
  });

  it('covers every rule', () => {
    expect(SUBMISSION_RULES.filter(participantChooses)).toEqual(['Add', 'Add_And_Delete', 'Add_And_Delete_Multiple']);
  });
});

describe('addPick', () => {
  it.each<[SubmissionRule, EntryPick[], EntryPick, string[], string[]]>([
    ['Add', [], a1, ['a1'], []],
    ['Add', [a1, b1], a2, ['b1', 'a2'], ['a1']],
    ['Add_And_Delete', [a2, b1], a1, ['b1', 'a1'], ['a2']],
    ['Add_And_Delete_Multiple', [a1, b1], a2, ['a1', 'b1', 'a2'], []],
    ['Add', [a1], a1, ['a1'], []],
  ])('%s: %j + %j', (rule, picks, pick, expected, removed) => {
    const outcome = addPick(rule, picks, pick);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) {
      return;
    }
    expect(outcome.picks.map((p) => p.submissionId)).toEqual(expected);
    expect(outcome.removed.map((p) => p.submissionId)).toEqual(removed);
  });

  it.each<SubmissionRule>(['Force_Last', 'Force_Latest_Multiple', 'Force_Best'])(
    '%s refuses, naming the rule',
    (rule) => {
      const outcome = addPick(rule, [], a1);
      expect(outcome).toMatchObject({ ok: false, refusal: 'automatic_rule' });
      expect(!outcome.ok && outcome.message).toContain(rule);
    },
  );
});

describe('removePick', () => {
  it.each<[SubmissionRule, EntryPick[], string, string[]]>([
    ['Add_And_Delete', [a1, b1], 'a1', ['b1']],
    ['Add_And_Delete_Multiple', [a1, a2, b1], 'a2', ['a1', 'b1']],
    ['Add_And_Delete', [b1], 'a1', ['b1']],
  ])('%s: %j - %s', (rule, picks, id, expected) => {
    const outcome = removePick(rule, picks, id);
    expect(outcome.ok && outcome.picks.map((p) => p.submissionId)).toEqual(expected);
  });

  it.each<[SubmissionRule, string]>([
    ['Add', 'removal_not_allowed'],
    ['Force_Last', 'automatic_rule'],
    ['Force_Latest_Multiple', 'automatic_rule'],
    ['Force_Best', 'automatic_rule'],
  ])('%s refuses with %s', (rule, refusal) => {
    const outcome = removePick(rule, [a1], 'a1');
    expect(outcome).toMatchObject({ ok: false, refusal });
    expect(!outcome.ok && outcome.message).toContain(rule);
  });
});
