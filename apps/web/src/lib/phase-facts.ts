// What participants should know about a phase before they submit, and its CodaLab tab colour; unit-tested in
// phase-facts.spec.ts.

export type PhaseColor = 'white' | 'orange' | 'yellow' | 'green' | 'blue' | 'purple';

export const PHASE_COLORS: readonly PhaseColor[] = ['white', 'orange', 'yellow', 'green', 'blue', 'purple'];

export interface PhaseLike {
  startAt: string;
  endAt: string | null;
  state: 'upcoming' | 'open' | 'ended';
  color: PhaseColor | null;
  maxSubmissionSizeMb: number;
  scoringOnly: boolean;
  autoMigrateToThisPhase: boolean;
  hideOutput: boolean;
  hidePredictionOutput: boolean;
  hideScoreOutput: boolean;
  requiresGpu: boolean;
}

export interface PhaseFact {
  term: string;
  detail: string;
}

/** "50 MB", "1.5 GB", "0.5 MB": the size cap as organizers set it (MB). */
export function formatMegabytes(mb: number): string {
  if (mb >= 1000) {
    return `${trim(mb / 1000)} GB`;
  }
  return `${trim(mb)} MB`;
}

function trim(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/**
 * The phase's rules that change what a participant sends or gets back, in words: the size cap, a results-only phase
 * (no prediction step: CodaLab is_scoring_only), what output is withheld, a migrated submission, GPU runs.
 */
export function phaseFacts(p: PhaseLike): PhaseFact[] {
  const facts: PhaseFact[] = [{ term: 'Largest submission', detail: formatMegabytes(p.maxSubmissionSizeMb) }];
  if (p.scoringOnly) {
    facts.push({ term: 'Results only', detail: 'predictions are scored as sent; no code runs' });
  }
  if (p.hideOutput) {
    facts.push({ term: 'Output', detail: 'you get neither the output nor the logs of your submissions' });
  } else if (p.hidePredictionOutput && p.hideScoreOutput) {
    facts.push({ term: 'Output', detail: 'you get no output of the prediction or the scoring step' });
  } else if (p.hidePredictionOutput) {
    facts.push({ term: 'Output', detail: 'you get no output of the prediction step' });
  } else if (p.hideScoreOutput) {
    facts.push({ term: 'Output', detail: 'you get no output of the scoring step' });
  }
  if (p.autoMigrateToThisPhase) {
    facts.push({ term: 'At its start', detail: 'your last submission of the phase before is run here' });
  }
  if (p.requiresGpu) {
    facts.push({ term: 'Runs on', detail: 'GPU workers' });
  }
  return facts;
}

/** The CSS class of a phase's tab colour; none for no colour (or one this app does not know). */
export function phaseColorClass(color: string | null | undefined): string | undefined {
  return color && (PHASE_COLORS as readonly string[]).includes(color) ? `phase-color phase-color-${color}` : undefined;
}

/**
 * The phase a visitor most likely means: the open one (the latest started if several are), else the latest that
 * has started, else the first. Undefined only without phases.
 */
export function currentPhase<P extends Pick<PhaseLike, 'startAt' | 'state'>>(phases: readonly P[]): P | undefined {
  const byStart = [...phases].sort((a, b) => Date.parse(a.startAt) - Date.parse(b.startAt));
  const open = byStart.filter((p) => p.state === 'open');
  if (open.length) {
    return open[open.length - 1];
  }
  const started = byStart.filter((p) => p.state === 'ended');
  return started.length ? started[started.length - 1] : byStart[0];
}

const MB = 1024 * 1024;

/** Why a file is too large for the phase (the API's rule: MB of 1024 × 1024 bytes), or undefined when it fits. */
export function sizeRefusal(bytes: number, maxMb: number): string | undefined {
  if (bytes <= maxMb * MB) {
    return undefined;
  }
  return `This file is ${(bytes / MB).toFixed(2)} MB; this phase accepts at most ${formatMegabytes(maxMb)}.`;
}
