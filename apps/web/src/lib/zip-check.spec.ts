import { describe, expect, it } from 'vitest';
import { zipProblem } from './zip-check';

const file = (name: string, bytes: number[]) => Object.assign(new Blob([new Uint8Array(bytes)]), { name });

describe('zipProblem', () => {
  it('accepts a zip by name and signature', async () => {
    expect(await zipProblem(file('results.zip', [0x50, 0x4b, 3, 4, 0]))).toBeUndefined();
    expect(await zipProblem(file('EMPTY.ZIP', [0x50, 0x4b, 5, 6]))).toBeUndefined();
  });

  it('refuses another file in plain words', async () => {
    expect(await zipProblem(file('notes.txt', [0x50, 0x4b, 3, 4]))).toMatch(/"notes.txt" is not a zip file/);
    expect(await zipProblem(file('fake.zip', [0x68, 0x69]))).toMatch(/not a zip archive/);
  });
});
