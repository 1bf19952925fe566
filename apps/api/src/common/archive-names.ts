/**
 * A path segment for an archive entry built from user text (a username, a team name): only letters, digits, `.`,
 * `_` and `-`, never empty, `.` or `..` (zip readers refuse `../x` as a traversal, and a stream cut short is all the
 * downloader gets), at most 100 characters. Names made before today's username rules may be anything.
 */
export function archiveSegment(text: string): string {
  const safe = text.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);
  return /^\.*$/.test(safe) ? `_${safe}` : safe;
}
