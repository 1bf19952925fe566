import { ScoreEntry } from '../leaderboard.types';

const BASE_TIME = Date.parse('2024-03-01T00:00:00Z');

/** An entry submitted `minute` minutes after a fixed start; the participant defaults to the id. */
export function entry(
  id: string,
  scores: ScoreEntry['scores'],
  extra: Partial<Omit<ScoreEntry, 'id' | 'scores'>> & { minute?: number } = {},
): ScoreEntry {
  const { minute = 0, ...rest } = extra;
  return { id, participantId: id, submittedAt: new Date(BASE_TIME + minute * 60_000).toISOString(), scores, ...rest };
}

/** Small seeded PRNG (mulberry32): random-looking tests that replay identically. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
