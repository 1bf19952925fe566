/**
 * A CodaLab v1 import keeps its competition flags in `extra.codalab.competition` (libs/bundle, competition-v1.parser).
 * Where the model now holds one of them as a setting (`anonymous_leaderboard` as `anonymousLeaderboard`), an edit of
 * the setting is written back there too, so that the extras never say otherwise. Flags the import did not keep are
 * not added; the extras are copied, never changed in place.
 */
export function withCodalabFlags(
  extra: Record<string, unknown>,
  flags: Record<string, boolean>,
): Record<string, unknown> {
  const codalab = extra.codalab;
  if (!isRecord(codalab) || !isRecord(codalab.competition)) {
    return extra;
  }
  const competition = { ...codalab.competition };
  for (const [k, v] of Object.entries(flags)) {
    if (k in competition) {
      competition[k] = v;
    }
  }
  return { ...extra, codalab: { ...codalab, competition } };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
