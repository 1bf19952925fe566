import { describe, expect, it } from 'vitest';
import { csvRecord } from './csv';

describe('csvRecord', () => {
  it.each([
    [['a', 'b'], 'a,b\r\n'],
    [['a,b', 'c'], '"a,b",c\r\n'],
    [['say "hi"'], '"say ""hi"""\r\n'],
    [['two\nlines', 'x\ry'], '"two\nlines","x\ry"\r\n'],
    [[null, undefined, 3, true], ',,3,true\r\n'],
    [[new Date('2026-01-02T03:04:05.000Z')], '2026-01-02T03:04:05.000Z\r\n'],
  ])('%j -> %j', (fields, line) => {
    expect(csvRecord(fields as never)).toBe(line);
  });
});
