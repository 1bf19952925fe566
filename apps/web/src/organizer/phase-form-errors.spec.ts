import { describe, expect, it } from 'vitest';
import { humanDates, phaseDatesError, phaseFormErrors } from './phase-form-errors';

describe('phase form errors', () => {
  it('writes ISO instants for people', () => {
    const text = humanDates(
      'phase "Dev" ends (2026-01-01T10:00:00.000Z) before it starts (2026-02-01T10:00:00Z)',
      'UTC',
    );
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(text).toContain('2026');
  });

  it('puts a problem of this phase on the field its YAML key names, the rest on the form', () => {
    const errors = phaseFormErrors(
      {
        problems: [
          {
            severity: 'error',
            file: 'competition.yaml',
            path: 'phases[0].end',
            line: 12,
            message: 'ends (2026-01-01T10:00:00Z) early',
          },
          { severity: 'error', file: 'competition.yaml', path: 'phases[1].start', message: 'starts before' },
          { severity: 'error', file: 'competition.yaml', path: 'phases[0]', message: 'other' },
        ],
        warnings: [],
      },
      0,
      'UTC',
    );
    expect(errors.map((e) => e.field)).toEqual(['end', undefined, undefined]);
    expect(errors[0].message).not.toContain('T10:00:00Z');
  });

  it('refuses an end at or before the start before sending', () => {
    expect(phaseDatesError('2026-02-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'UTC')).toMatchObject({
      field: 'end',
    });
    expect(phaseDatesError('2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z')).toBeUndefined();
    expect(phaseDatesError('2026-01-01T00:00:00.000Z', null)).toBeUndefined();
  });
});
