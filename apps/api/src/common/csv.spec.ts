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

  // OWASP CSV injection: every text cell a spreadsheet would run as a formula starts with a quote instead.
  it.each([
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['+1+cmd', "'+1+cmd"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['a=1', 'a=1'],
  ])('neutralizes the text %j', (text, cell) => {
    expect(csvRecord([text])).toBe(`${cell}\r\n`);
  });

  it('writes typed numbers as numbers, negative ones too', () => {
    expect(csvRecord([-0.5, -3, 1e-7])).toBe('-0.5,-3,1e-7\r\n');
  });
});
