import type { CompetitionModel, PageModel, PartRef, PhaseModel, TaskModel } from '@arena/bundle';
import type { CompetitionEntity } from './entities/competition.entity';
import type { LeaderboardEntity } from './entities/leaderboard.entity';
import type { PageEntity } from './entities/page.entity';
import type { PhaseEntity } from './entities/phase.entity';
import type { TaskEntity } from './entities/task.entity';

export interface CompetitionRows {
  competition: CompetitionEntity;
  pages: PageEntity[];
  tasks: TaskEntity[];
  phases: PhaseEntity[];
  leaderboards: LeaderboardEntity[];
}

/**
 * Names a stored competition's files have in its exports and in its YAML edits: `pages/<i>.<ext>`, `terms.<ext>`
 * and `logo.<ext>`, extensions kept from the bundle it came from.
 */
export function extensionOf(path: string | undefined, fallback = ''): string {
  const m = path ? /\.[A-Za-z0-9]{1,8}$/.exec(path) : null;
  return m ? m[0].toLowerCase() : fallback;
}

export function pageFile(index: number, original: string | undefined): string {
  return `pages/${index}${extensionOf(original, '.md')}`;
}

export function termsFile(original: string | undefined): string {
  return `terms${extensionOf(original, '.md')}`;
}

export function logoFile(logoKey: string): string {
  return `logo${extensionOf(logoKey)}`;
}

/**
 * The competition as it stands, as a model: rows hold what the platform runs on (and what edits change); the stored
 * jsonb model keeps the rest. Parts are dataset keys; a part still named by a bundle path (stored before parts were
 * kept as datasets) cannot be exported and is left out.
 */
export function currentModel(rows: CompetitionRows): CompetitionModel {
  const { competition: c } = rows;
  const m = c.model;
  const taskIndexById = new Map(rows.tasks.map((t) => [t.id, t.index]));
  const pages: PageModel[] = rows.pages.map((p, i) => ({ title: p.title, file: pageFile(i, m.pages[p.index]?.file) }));
  const keyOnly = (ref: PartRef | undefined): PartRef | undefined => (ref && 'key' in ref ? ref : undefined);
  const key = (id: string | null): PartRef | undefined => (id ? { key: id } : undefined);
  // Data that stays on the organizer's workers is named, never stored: it exports as `worker://<name>` again.
  const local = (name: string | null | undefined): PartRef | undefined => (name ? { workerLocal: name } : undefined);
  const tasks: TaskModel[] = rows.tasks.map((t) => ({
    index: t.index,
    name: t.name,
    description: t.description,
    ...opt('scoringProgram', key(t.scoringProgramId)),
    ...opt('ingestionProgram', key(t.ingestionProgramId)),
    ...opt('inputData', key(t.inputDataId) ?? local(t.inputDataLocal)),
    ...opt('referenceData', key(t.referenceDataId) ?? local(t.referenceDataLocal)),
    ingestionOnlyDuringScoring: t.ingestionOnlyDuringScoring,
  }));
  const phases: PhaseModel[] = rows.phases.map((p) => {
    const stored = m.phases.find((x) => x.index === p.index);
    return {
      index: p.index,
      name: p.name,
      description: p.description,
      start: p.startAt.toISOString(),
      end: p.endAt ? p.endAt.toISOString() : null,
      taskIndexes: p.taskIds.map((id) => taskIndexById.get(id)!).filter((i) => i !== undefined),
      maxSubmissionsPerDay: p.maxSubmissionsPerDay,
      maxSubmissions: p.maxSubmissions,
      executionTimeLimitSec: p.executionTimeLimitSec,
      autoMigrateToThisPhase: stored?.autoMigrateToThisPhase ?? false,
      hideOutput: stored?.hideOutput ?? false,
      hidePredictionOutput: stored?.hidePredictionOutput ?? false,
      hideScoreOutput: stored?.hideScoreOutput ?? false,
      ...(p.requiresGpu ? { requiresGpu: true as const } : {}),
      ...(stored?.scoringOnly ? { scoringOnly: true as const } : {}),
      ...(stored?.color !== undefined ? { color: stored.color } : {}),
      ...(stored?.maxSubmissionSizeMb !== undefined ? { maxSubmissionSizeMb: stored.maxSubmissionSizeMb } : {}),
      ...(stored?.solutionIndexes !== undefined ? { solutionIndexes: stored.solutionIndexes } : {}),
      ...opt('startingKit', keyOnly(stored?.startingKit)),
      ...opt('publicData', keyOnly(stored?.publicData)),
    };
  });
  const model: CompetitionModel = {
    ...m,
    title: c.title,
    description: c.description,
    dockerImage: c.dockerImage,
    pages,
    tasks,
    solutions: m.solutions.filter((s) => 'key' in s.solution),
    phases,
    leaderboards: rows.leaderboards.map((l) => ({
      key: l.key,
      title: l.title,
      index: l.index,
      hidden: l.hidden,
      primaryIndex: l.primaryIndex,
      submissionRule: l.submissionRule,
      columns: l.columns,
    })),
  };
  delete model.image;
  delete model.terms;
  if (c.logoKey) {
    model.image = logoFile(c.logoKey);
  }
  if (c.terms !== null) {
    model.terms = termsFile(m.terms);
  }
  return model;
}

function opt<K extends string>(name: K, ref: PartRef | undefined): Partial<Record<K, PartRef>> {
  return ref ? ({ [name]: ref } as Record<K, PartRef>) : {};
}

/** Data named as `worker://<name>` stays on the organizer's workers: only its name is kept. */
export function localOf(ref: PartRef | undefined): string | null {
  return ref && 'workerLocal' in ref ? ref.workerLocal : null;
}
