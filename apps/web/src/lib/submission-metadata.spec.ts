import { describe, expect, it } from 'vitest';
import { hasMetadata, metadataBody, methodLabel } from './submission-metadata';

describe('metadataBody', () => {
  it('trims and leaves empty fields out', () => {
    expect(
      metadataBody({
        methodName: '  GBM ',
        methodDescription: '',
        codeUrl: ' https://git.example.org/gbm ',
        paperUrl: '  ',
      }),
    ).toEqual({
      methodName: 'GBM',
      codeUrl: 'https://git.example.org/gbm',
    });
    expect(metadataBody({})).toEqual({});
  });

  it.each([
    [{ codeUrl: 'javascript:alert(1)' }, /^Code link/],
    [{ paperUrl: 'arxiv.org/abs/1' }, /^Paper link/],
    [{ methodName: 'x'.repeat(201) }, /^Method name: at most 200/],
    [{ methodDescription: 'x'.repeat(5001) }, /^Method description: at most 5000/],
  ])('refuses %o naming the field', (form, message) => expect(() => metadataBody(form)).toThrow(message));
});

describe('hasMetadata', () => {
  it('is false for nothing or only empty fields', () => {
    expect(hasMetadata(null)).toBe(false);
    expect(hasMetadata({})).toBe(false);
    expect(hasMetadata({ methodName: '' })).toBe(false);
    expect(hasMetadata({ paperUrl: 'https://example.org' })).toBe(true);
  });
});

describe('methodLabel', () => {
  it('names the method, else starts its description', () => {
    expect(methodLabel({ methodName: 'GBM', methodDescription: 'Trees' })).toBe('GBM');
    expect(methodLabel({ methodDescription: 'Trees' })).toBe('Trees');
    expect(methodLabel({ methodDescription: 'x'.repeat(70) }, 60)).toBe(`${'x'.repeat(60)}…`);
    expect(methodLabel({ codeUrl: 'https://example.org' })).toBe('');
  });
});
