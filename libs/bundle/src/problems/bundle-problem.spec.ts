import { describe, expect, it } from 'vitest';
import { formatProblem } from './bundle-problem';
import { formatYamlPath } from './yaml-path';

describe('formatProblem', () => {
  it.each([
    [
      {
        severity: 'error',
        file: 'competition.yaml',
        path: 'phases[1].tasks[0]',
        line: 42,
        message: 'task index 3 does not exist',
      },
      'competition.yaml: phases[1].tasks[0]: task index 3 does not exist (line 42)',
    ],
    [
      {
        severity: 'warning',
        file: 'competition.yaml',
        path: 'colour',
        line: 3,
        message: 'unknown key colour is ignored',
      },
      'warning: competition.yaml: colour: unknown key colour is ignored (line 3)',
    ],
    [{ severity: 'error', file: 'bundle.zip', path: '', message: 'not a zip' }, 'bundle.zip: not a zip'],
  ] as const)('%o', (problem, text) => {
    expect(formatProblem(problem)).toBe(text);
  });
});

describe('formatYamlPath', () => {
  it.each([
    [['phases', 1, 'tasks', 0], 'phases[1].tasks[0]'],
    [['leaderboard', 'columns', 'set1_score'], 'leaderboard.columns.set1_score'],
    [['phases', '1', 'label'], 'phases.1.label'],
    [['html', 'my page'], 'html["my page"]'],
    [[], ''],
  ] as const)('%o → %s', (path, text) => {
    expect(formatYamlPath(path)).toBe(text);
  });
});
