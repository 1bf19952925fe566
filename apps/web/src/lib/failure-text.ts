/**
 * A run's failure as a short cause and the program's log lines it quotes ("...; last lines of its stderr: <log>"),
 * so the cause reads as a sentence and the log keeps its line breaks in a scrolling block.
 */
export function splitFailure(message: string): { cause: string; log?: string } {
  const m = /^([\s\S]*?)[;:,]?\s*last lines of its (?:stderr|stdout)(?: \([^)]*\))?:\s*\n?([\s\S]*)$/.exec(message);
  if (m && m[2].trim()) {
    return { cause: m[1].trim(), log: m[2].replace(/\s+$/, '') };
  }
  const lines = message.split('\n');
  if (lines.length > 2) {
    return { cause: lines[0].trim(), log: lines.slice(1).join('\n').replace(/\s+$/, '') };
  }
  return { cause: message.trim() };
}
