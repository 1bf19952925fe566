import { describe, expect, it } from 'vitest';
import { moveItem, slugKey } from './list-edit';
import { decisionDone, decisionsFor } from './participant-decisions';
import { canCancel, canRerun, failureSummary, shortId } from './submission-actions';

describe('moveItem', () => {
  it('moves within bounds and clamps', () => {
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 1, 9)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a'], 3, 0)).toEqual(['a']);
  });
});

describe('slugKey', () => {
  it.each([
    ['Results', 'results'],
    ['F1 score (macro)', 'f1_score_macro'],
    ['2nd board', 'k_2nd_board'],
    ['Précision', 'precision'],
  ])('%s -> %s', (title, key) => expect(slugKey(title)).toBe(key));
});

describe('participant decisions', () => {
  it('offers only what the API accepts from each status', () => {
    expect(decisionsFor('pending').map((d) => d.decision)).toEqual(['approve', 'deny', 'ban']);
    expect(decisionsFor('approved').map((d) => d.decision)).toEqual(['deny', 'ban']);
    expect(decisionsFor('denied').map((d) => d.decision)).toEqual(['approve', 'ban']);
    expect(decisionsFor('banned').map((d) => d.decision)).toEqual(['unban']);
    expect(decisionsFor('pending').find((d) => d.decision === 'ban')?.danger).toBe(true);
  });
  it('words what happened', () => {
    expect(['approve', 'deny', 'ban', 'unban'].map((d) => decisionDone(d as 'approve'))).toEqual([
      'approved',
      'denied',
      'banned',
      'unbanned',
    ]);
  });
});

describe('submission actions', () => {
  it('cancels what is in flight and re-runs what has ended', () => {
    expect((['submitted', 'queued', 'running'] as const).map(canCancel)).toEqual([true, true, true]);
    expect((['finished', 'failed', 'cancelled'] as const).map(canRerun)).toEqual([true, true, true]);
    expect(canRerun('running')).toBe(false);
  });
  it('shortens ids and a failure message to its first line', () => {
    expect(failureSummary('Traceback (most recent call last):\n  File "x"')).toEqual({
      first: 'Traceback (most recent call last):',
      more: true,
    });
    expect(failureSummary('short')).toEqual({ first: 'short', more: false });
    expect(failureSummary('y'.repeat(200)).first).toHaveLength(81);
    expect(shortId('0123456789abcdef')).toBe('01234567');
  });
});
