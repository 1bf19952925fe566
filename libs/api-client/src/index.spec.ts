import { describe, expect, it } from 'vitest';
import { createArenaClient, errorMessage } from './index';

describe('createArenaClient', () => {
  it('sends the current token as a bearer header and parses typed JSON', async () => {
    const seen: Request[] = [];
    let token: string | undefined;
    const client = createArenaClient({
      baseUrl: 'http://arena.test/',
      token: () => token,
      fetch: async (input) => {
        seen.push(input as Request);
        return new Response(JSON.stringify({ items: [], total: 0 }), {
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    await client.GET('/api/competitions');
    token = 'abc';
    const { data } = await client.GET('/api/competitions');
    expect(seen.map((r) => r.headers.get('authorization'))).toEqual([null, 'Bearer abc']);
    expect(seen[0].url).toBe('http://arena.test/api/competitions');
    expect(data).toEqual({ items: [], total: 0 });
  });

  it('reads the message of an API error body', () => {
    expect(errorMessage({ statusCode: 400, message: 'phases[0]: bad' })).toBe('phases[0]: bad');
    expect(errorMessage({ message: ['a', 'b'] })).toBe('a; b');
    expect(errorMessage(undefined, 'network down')).toBe('network down');
  });
});
