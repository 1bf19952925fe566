import { describe, expect, it } from 'vitest';
import {
  countProblems,
  problemPlace,
  problemText,
  refusalOf,
  sortProblems,
  uploadWarningsOf,
  type BundleProblem,
} from './problems';

const taskIndex: BundleProblem = {
  severity: 'error',
  file: 'competition.yaml',
  path: 'phases[0].tasks[0]',
  line: 23,
  message: 'task index 3 does not exist (known: 0)',
};

describe('refusalOf', () => {
  it('reads the problems and warnings of a refused bundle, sorted by file and line', () => {
    const body = {
      statusCode: 400,
      code: 'invalid_bundle',
      message: 'bundle.zip: 2 problem(s): ...',
      details: {
        problems: [
          { severity: 'error', file: 'competition.yaml', path: 'leaderboards[0]', line: 40, message: 'no columns' },
          taskIndex,
          { severity: 'error', file: 'competition.yaml', path: '', message: 'whole file' },
        ],
        warnings: [{ severity: 'warning', file: 'pages/a.md', path: '', message: 'empty page' }],
      },
    };
    const r = refusalOf(body);
    expect(r?.problems.map((p) => p.path)).toEqual(['phases[0].tasks[0]', 'leaderboards[0]', '']);
    expect(r?.warnings).toEqual([
      { severity: 'warning', file: 'pages/a.md', path: '', line: undefined, message: 'empty page' },
    ]);
  });

  it('is undefined for other errors and tolerates odd shapes', () => {
    expect(refusalOf({ statusCode: 404, message: 'not found' })).toBeUndefined();
    expect(refusalOf({ details: { status: 'denied' } })).toBeUndefined();
    expect(refusalOf(undefined)).toBeUndefined();
    expect(refusalOf('text')).toBeUndefined();
    expect(refusalOf({ details: { problems: [null, 3, { message: 'bare' }] } })).toEqual({
      problems: [{ severity: 'error', file: '', path: '', line: undefined, message: 'bare' }],
      warnings: [],
    });
  });
});

describe('problem wording', () => {
  it.each([
    [
      taskIndex,
      'competition.yaml, line 23',
      'competition.yaml › phases[0].tasks[0] (line 23): task index 3 does not exist (known: 0)',
    ],
    [
      { ...taskIndex, line: undefined, path: '' },
      'competition.yaml',
      'competition.yaml: task index 3 does not exist (known: 0)',
    ],
    [
      { ...taskIndex, file: '', severity: 'warning' as const },
      'bundle, line 23',
      'Warning: bundle › phases[0].tasks[0] (line 23): task index 3 does not exist (known: 0)',
    ],
  ])('places and words %#', (p, place, text) => {
    expect(problemPlace(p)).toBe(place);
    expect(problemText(p)).toBe(text);
  });

  it('counts', () => {
    expect(countProblems(1)).toBe('1 problem');
    expect(countProblems(0)).toBe('0 problems');
    expect(countProblems(2, 'warning')).toBe('2 warnings');
  });

  it('sorts unknown lines after known ones within a file', () => {
    const a = { ...taskIndex, line: undefined };
    const b = { ...taskIndex, line: 2 };
    const c = { ...taskIndex, file: 'a.md', line: 99 };
    expect(sortProblems([a, b, c])).toEqual([c, b, a]);
  });
});

describe('uploadWarningsOf', () => {
  const forum = {
    severity: 'warning',
    file: 'competition.yaml',
    path: 'enable_forum',
    line: 7,
    message: 'kept, but has no effect here',
  };

  it('reads the warnings handed over by the upload', () => {
    expect(uploadWarningsOf({ uploadWarnings: [forum], uploadedFile: 'v1.zip' })).toEqual({
      uploadWarnings: [forum],
      uploadedFile: 'v1.zip',
    });
  });

  it('ignores a state without warnings, and entries that are not problems', () => {
    expect(uploadWarningsOf(null)).toBeUndefined();
    expect(uploadWarningsOf({ uploadWarnings: [] })).toBeUndefined();
    expect(uploadWarningsOf({ uploadWarnings: [{ nope: 1 }, 'x'] })).toBeUndefined();
    expect(uploadWarningsOf({ uploadWarnings: [{ message: 'm' }, 3] })).toEqual({
      uploadWarnings: [{ severity: 'warning', file: '', path: '', line: undefined, message: 'm' }],
      uploadedFile: 'The bundle',
    });
  });
});
