import { describe, expect, it } from 'vitest';
import { mapImage, parseImageMap } from './image-map';

describe('image map', () => {
  const map = parseImageMap(
    'codalab/codalab-legacy:*=arena/python-ds:3.11, codalab/*=arena/python:3.11;python:3.9=arena/python:3.11',
  );

  it.each([
    ['codalab/codalab-legacy:py37', 'arena/python-ds:3.11'],
    ['codalab/codalab-legacy:py3', 'arena/python-ds:3.11'],
    ['codalab/other:1', 'arena/python:3.11'],
    ['python:3.9', 'arena/python:3.11'],
    ['python:3.10', 'python:3.10'],
    ['arena/python:3.11', 'arena/python:3.11'],
  ])('maps %s to %s (first match wins, unmapped unchanged)', (name, expected) => {
    expect(mapImage(name, map)).toBe(expected);
  });

  it('matches a lone * against everything', () => {
    expect(mapImage('anything/at:all', parseImageMap('*=arena/python:3.11'))).toBe('arena/python:3.11');
  });

  it('accepts an empty map', () => {
    expect(parseImageMap('')).toEqual([]);
    expect(parseImageMap(' ; , ')).toEqual([]);
  });

  it('names every bad entry', () => {
    expect(() => parseImageMap('nope,a=,=b,a*b=c,ok=fine')).toThrow(
      /"nope" is not pattern=local-image; "a=" is not.*; "=b" is not.*; "a\*b=c": \* may only end a pattern/,
    );
  });
});
