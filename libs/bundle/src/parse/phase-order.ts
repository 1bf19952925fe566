import type { PhaseModel } from '../competition.model';
import type { YamlPath } from '../problems/yaml-path';
import type { ParseContext } from './parse-context';

export interface PlacedPhase {
  phase: PhaseModel;
  /** Where the phase is written in the YAML, for messages. */
  path: YamlPath;
  /** Key that holds the start date (`start` in v2, `start_date` in v1). */
  startKey: string;
  endKey: string;
}

/**
 * Phases run one after another: each ends when or before the next starts. Every phase but the last needs an end.
 * An end equal to the next start is accepted (ends are exclusive), where Codabench demanded a gap.
 */
export function checkPhaseOrder(ctx: ParseContext, phases: readonly PlacedPhase[]): void {
  phases.forEach(({ phase, path, startKey, endKey }, i) => {
    const name = phaseName(phase);
    if (phase.end !== null && phase.start && phase.end <= phase.start) {
      ctx.error([...path, endKey], `${name} ends (${phase.end}) before it starts (${phase.start})`);
    }
    const next = phases[i + 1];
    if (!next) {
      return;
    }
    if (phase.end === null) {
      ctx.error([...path, endKey], `${endKey} is required: ${name} is followed by ${phaseName(next.phase)}`);
    } else if (next.phase.start && next.phase.start < phase.end) {
      ctx.error(
        [...next.path, next.startKey],
        `${phaseName(next.phase)} starts (${next.phase.start}) before ${name} ends (${phase.end})`,
      );
    }
  });
}

function phaseName(phase: PhaseModel): string {
  return phase.name ? `phase "${phase.name}"` : `phase ${phase.index}`;
}
