import type { CompetitionModel, PartRef } from '@arena/bundle';

export type PhaseFileKind =
  'public_data' | 'starting_kit' | 'scoring_program' | 'ingestion_program' | 'input_data' | 'solution';

export interface CatalogTask {
  index: number;
  name: string;
  scoringProgramId: string | null;
  ingestionProgramId: string | null;
  inputDataId: string | null;
}

/** A stored dataset a phase offers, under the name participants download it by. */
export interface OfferedFile {
  name: string;
  kind: PhaseFileKind;
  title: string;
  datasetId: string;
  /** What the organizers wrote of it (a solution's description). */
  description?: string;
}

/** A CodaLab v1 phase `datasets` entry: an external address, or the key of a dataset on the platform. */
export interface DatasetLink {
  name: string;
  title: string;
  description: string;
  url?: string;
  datasetKey?: string;
}

/**
 * What a phase offers, by stable name: its public data and starting kit; the scoring and ingestion programs of its
 * tasks when the competition makes programs available; their input data when it makes input data available. Names
 * carry the task index only when the phase has several tasks. Reference data is never offered here (it has no
 * entry), and worker-local data (`worker://`) has no dataset to offer. Which datasets really exist, and that none
 * of them is reference data under another name, is the service's check. Organizers also get the competition's
 * solutions (Codabench `solutions`: example submissions) for the phase's tasks, to submit as a check of the phase.
 */
export function offeredFiles(
  model: CompetitionModel,
  phaseIndex: number,
  tasks: CatalogTask[],
  forOrganizer = false,
): OfferedFile[] {
  const phase = model.phases.find((p) => p.index === phaseIndex);
  const out: OfferedFile[] = [];
  const add = (name: string, kind: PhaseFileKind, title: string, datasetId: string | null | undefined): void => {
    if (datasetId) {
      out.push({ name, kind, title, datasetId });
    }
  };
  add('public_data', 'public_data', 'Public data', keyOf(phase?.publicData));
  add('starting_kit', 'starting_kit', 'Starting kit', keyOf(phase?.startingKit));
  for (const t of tasks) {
    const suffix = tasks.length > 1 ? `-${t.index}` : '';
    const of = tasks.length > 1 ? ` (${t.name || `task ${t.index}`})` : '';
    if (model.makeProgramsAvailable) {
      add(`scoring_program${suffix}`, 'scoring_program', `Scoring program${of}`, t.scoringProgramId);
      add(`ingestion_program${suffix}`, 'ingestion_program', `Ingestion program${of}`, t.ingestionProgramId);
    }
    if (model.makeInputDataAvailable) {
      add(`input_data${suffix}`, 'input_data', `Input data${of}`, t.inputDataId);
    }
  }
  if (forOrganizer) {
    const indexes = new Set(tasks.map((t) => t.index));
    // The phase's own list where its bundle gave one (Codabench dumps do), else the solutions of its tasks.
    const listed = phase?.solutionIndexes;
    for (const s of model.solutions) {
      if (listed ? !listed.includes(s.index) : !s.taskIndexes.some((i) => indexes.has(i))) {
        continue;
      }
      const id = keyOf(s.solution);
      if (id) {
        out.push({
          name: `solution-${s.index}`,
          kind: 'solution',
          title: `Solution: ${s.name || `solution ${s.index}`}`,
          datasetId: id,
          ...(s.description ? { description: s.description } : {}),
        });
      }
    }
  }
  return out;
}

/**
 * A CodaLab v1 phase's `datasets` (kept in `extra.codalab.phases[i].datasets`: a map idx -> {name, url,
 * description} or {key}), shown as CodaLab shows them: only while the competition's `show_datasets_from_yaml` is
 * on (its CodaLab default). Only http(s) addresses are kept: the web app renders them as links.
 */
export function v1DatasetLinks(model: CompetitionModel, phaseIndex: number): DatasetLink[] {
  const codalab = record(model.extra?.codalab);
  if (!codalab) {
    return [];
  }
  if ((record(codalab.competition)?.show_datasets_from_yaml ?? true) !== true) {
    return [];
  }
  const phases = Array.isArray(codalab.phases) ? (codalab.phases as unknown[]) : [];
  const raw = record(phases[phaseIndex])?.datasets;
  const entries: [string, unknown][] = Array.isArray(raw)
    ? raw.map((v, i) => [String(i + 1), v])
    : Object.entries(record(raw) ?? {}).sort(([a], [b]) => Number(a) - Number(b) || a.localeCompare(b));
  const links: DatasetLink[] = [];
  entries.forEach(([idx, value], position) => {
    const v = record(value);
    if (!v) {
      return;
    }
    const id = /^[A-Za-z0-9_-]{1,32}$/.test(idx) ? idx : String(position + 1);
    const base = { name: `dataset-${id}`, title: text(v.name) || `Dataset ${id}`, description: text(v.description) };
    const url = text(v.url).trim();
    if (/^https?:\/\/\S+$/i.test(url)) {
      links.push({ ...base, url });
    } else if (text(v.key)) {
      links.push({ ...base, datasetKey: text(v.key).trim() });
    }
  });
  return links;
}

function keyOf(ref: PartRef | undefined): string | null {
  return ref && 'key' in ref ? ref.key : null;
}

function record(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}
