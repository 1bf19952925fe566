import { describe, expect, it } from 'vitest';
import { demoteHeadings } from './demote-headings';

describe('demoteHeadings', () => {
  it.each([
    ['<h1>A</h1>', '<h2>A</h2>'],
    ['<h2 id="x">B</h2><p>h1</p>', '<h3 id="x">B</h3><p>h1</p>'],
    ['<H6>C</H6>', '<h6>C</h6>'],
    ['<header>not a heading</header><hr>', '<header>not a heading</header><hr>'],
  ])('%s -> %s', (input, output) => {
    expect(demoteHeadings(input)).toBe(output);
  });
});
