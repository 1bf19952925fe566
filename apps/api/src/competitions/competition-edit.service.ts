import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type CompetitionModel,
  type CompetitionOptions,
  FileTable,
  OPTION_DEFAULTS,
  type PhaseColor,
  type LeaderboardModel,
  type PartRef,
  parseCompetitionYaml,
  toCompetitionYaml,
} from '@arena/bundle';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError, notFound } from '@api/common/domain.error';
import { BundleExportService } from './bundle-export.service';
import { bundleRefused, queueNotUsable } from './bundle-import.service';
import { type CompetitionEdit, CompetitionsRepository, type EditedPhase } from './competitions.repository';
import type { LeaderboardEntity } from './entities/leaderboard.entity';
import type { TaskEntity } from './entities/task.entity';
import { LeaderboardMaintainer } from '@api/leaderboards/leaderboard-maintainer.service';
import { leaderboardRow, phaseRow } from './model-rows';
import { PartRefsService } from './part-refs.service';
import { withCodalabFlags } from './codalab-extra';
import { type CompetitionRows, currentModel, localOf, logoFile, pageFile, termsFile } from './stored-model';

const FILE = 'competition.yaml';
const MAX_PAGE_CHARS = 1024 * 1024;

export type SettingsChange = Partial<
  Pick<
    CompetitionModel,
    | 'title'
    | 'description'
    | 'dockerImage'
    | 'queue'
    | 'registrationAutoApprove'
    | 'enableDetailedResults'
    | 'showDetailedResultsInSubmissionPanel'
    | 'showDetailedResultsInLeaderboard'
    | 'autoRunSubmissions'
    | 'canParticipantsMakeSubmissionsPublic'
    | 'anonymousLeaderboard'
    | 'makeProgramsAvailable'
    | 'makeInputDataAvailable'
    | 'competitionType'
    | 'reward'
    | 'contactEmail'
    | 'forumEnabled'
  >
> & { terms?: string | null; filesPublic?: boolean } & Partial<CompetitionOptions>;

export type PhaseChange = Partial<
  Pick<
    CompetitionModel['phases'][number],
    | 'name'
    | 'description'
    | 'start'
    | 'end'
    | 'taskIndexes'
    | 'maxSubmissionsPerDay'
    | 'maxSubmissions'
    | 'executionTimeLimitSec'
    | 'autoMigrateToThisPhase'
    | 'hideOutput'
    | 'hidePredictionOutput'
    | 'hideScoreOutput'
  >
> & { requiresGpu?: boolean; scoringOnly?: boolean; color?: PhaseColor | null; maxSubmissionSizeMb?: number | null };

/**
 * Organizers edit a competition through its competition.yaml: every edit, whole or targeted, becomes a YAML that
 * goes through the bundle parser, so it gets the same checks and the same problems (file, YAML path, line) as an
 * upload. Parts are dataset keys; pages, terms and the logo are the files the competition already has.
 */
@Injectable()
export class CompetitionEditService {
  constructor(
    private readonly repo: CompetitionsRepository,
    private readonly exporter: BundleExportService,
    private readonly refs: PartRefsService,
    private readonly boards: LeaderboardMaintainer,
  ) {}

  async yaml(id: string, user: AuthUser): Promise<string> {
    return toCompetitionYaml(currentModel(await this.exporter.rowsFor(id, user)));
  }

  async replaceYaml(id: string, user: AuthUser, text: string): Promise<void> {
    await this.apply(await this.exporter.rowsFor(id, user), user, text);
  }

  async changeSettings(id: string, user: AuthUser, change: SettingsChange): Promise<void> {
    const rows = await this.exporter.rowsFor(id, user);
    const { terms, filesPublic, ...rest } = change;
    const { options, settings } = splitOptions(rest);
    const current = currentModel(rows);
    const model = { ...current, ...settings, options: { ...current.options, ...options } };
    if (filesPublic === true) {
      model.filesPublic = true;
    } else if (filesPublic === false) {
      delete model.filesPublic;
    }
    const texts = new Map<string, string>();
    if (terms !== undefined) {
      if (terms === null) {
        delete model.terms;
      } else {
        model.terms = termsFile(model.terms);
        texts.set(model.terms, terms);
      }
    }
    await this.apply(rows, user, toCompetitionYaml(model), texts);
  }

  async changePhase(id: string, phaseId: string, user: AuthUser, change: PhaseChange): Promise<void> {
    const rows = await this.exporter.rowsFor(id, user);
    const model = currentModel(rows);
    const row = rows.phases.find((p) => p.id === phaseId);
    const phase = row && model.phases.find((p) => p.index === row.index);
    if (!phase) {
      throw notFound(`phase ${phaseId}`);
    }
    const { requiresGpu, scoringOnly, color, maxSubmissionSizeMb, ...rest } = change;
    Object.assign(phase, rest);
    // Optional keys of the model: present when set, absent otherwise.
    if (requiresGpu === true) {
      phase.requiresGpu = true;
    } else if (requiresGpu === false) {
      delete phase.requiresGpu;
    }
    if (scoringOnly === true) {
      phase.scoringOnly = true;
    } else if (scoringOnly === false) {
      delete phase.scoringOnly;
    }
    if (color === null) {
      delete phase.color;
    } else if (color !== undefined) {
      phase.color = color;
    }
    if (maxSubmissionSizeMb === null) {
      delete phase.maxSubmissionSizeMb;
    } else if (maxSubmissionSizeMb !== undefined) {
      phase.maxSubmissionSizeMb = maxSubmissionSizeMb;
    }
    await this.apply(rows, user, toCompetitionYaml(model));
  }

  async putLeaderboard(
    id: string,
    key: string,
    user: AuthUser,
    board: Omit<LeaderboardModel, 'key' | 'index'>,
  ): Promise<void> {
    const rows = await this.exporter.rowsFor(id, user);
    const model = currentModel(rows);
    const at = model.leaderboards.findIndex((l) => l.key === key);
    const index = at >= 0 ? at : model.leaderboards.length;
    model.leaderboards[index] = { ...board, key, index };
    await this.apply(rows, user, toCompetitionYaml(model));
  }

  async putPages(id: string, user: AuthUser, pages: { title: string; content: string }[]): Promise<void> {
    const rows = await this.exporter.rowsFor(id, user);
    const model = currentModel(rows);
    const texts = new Map<string, string>();
    model.pages = pages.map((p, i) => {
      if (p.content.length > MAX_PAGE_CHARS) {
        const message = `is longer than ${MAX_PAGE_CHARS} characters`;
        throw bundleRefused(FILE, [{ severity: 'error', file: FILE, path: `pages[${i}].content`, message }]);
      }
      const file = `new-pages/${i}.md`;
      texts.set(file, p.content);
      return { title: p.title, file };
    });
    await this.apply(rows, user, toCompetitionYaml(model), texts);
  }

  /** `texts`: content of files the YAML may name besides those the competition has (new pages, new terms). */
  private async apply(
    rows: CompetitionRows,
    user: AuthUser,
    text: string,
    texts = new Map<string, string>(),
  ): Promise<void> {
    const current = currentModel(rows);
    const content = new Map<string, string>(current.pages.map((p, i) => [p.file, rows.pages[i].content]));
    if (current.terms && rows.competition.terms !== null) {
      content.set(current.terms, rows.competition.terms);
    }
    for (const [file, t] of texts) {
      content.set(file, t);
    }
    const files = new FileTable();
    for (const [file, t] of content) {
      files.add(file, Buffer.byteLength(t));
    }
    if (current.image) {
      files.add(current.image, 1);
    }

    const parsed = parseCompetitionYaml(text, files, FILE);
    const errors = parsed.problems.filter((p) => p.severity === 'error');
    const warnings = parsed.problems.filter((p) => p.severity === 'warning');
    if (errors.length || !parsed.model) {
      throw bundleRefused(FILE, errors, warnings);
    }
    const model = parsed.model;
    if (model.format === 'v2') {
      // Edits are written in v2, which has no place for what a v1 import kept in `extra`: keep it, and the origin.
      const stored = rows.competition.model;
      Object.assign(model, { format: stored.format, sourceVersion: stored.sourceVersion, extra: stored.extra ?? {} });
      // A v1 flag the model now holds stays equal to it in the kept extras.
      model.extra = withCodalabFlags(model.extra, {
        anonymous_leaderboard: model.anonymousLeaderboard,
        enable_teams: model.options.enableTeams,
        require_team_approval: model.options.requireTeamApproval,
        enable_per_submission_metadata: model.options.enableSubmissionMetadata,
        disallow_leaderboard_modifying: model.options.disallowLeaderboardModifying,
        hide_top_three: model.options.hideTopThree,
        hide_chart: model.options.hideChart,
      });
    }
    const refused = await this.refs.check(model, user, FILE);
    // A queue named anew must be one the editor may use (as at upload, but an edit is refused rather than warned).
    const queueId =
      model.queue && model.queue !== current.queue ? await this.repo.usableQueue(model.queue, user) : null;
    if (model.queue && model.queue !== current.queue && !queueId) {
      refused.push({ ...queueNotUsable(model.queue), severity: 'error', file: FILE });
    }
    if (refused.length) {
      throw bundleRefused(FILE, refused, warnings);
    }

    const competitionId = rows.competition.id;
    const pages = model.pages.map((p, index) => {
      return { competitionId, index, title: p.title, content: content.get(p.file) ?? '' };
    });
    model.pages = model.pages.map((p, i) => ({ title: p.title, file: pageFile(i, p.file) }));
    const terms = model.terms ? (content.get(model.terms) ?? null) : null;
    if (terms === null) {
      delete model.terms;
    } else {
      model.terms = termsFile(model.terms);
    }
    const logoKey = model.image && model.image === current.image ? rows.competition.logoKey : null;
    if (logoKey) {
      model.image = logoFile(logoKey);
    } else {
      delete model.image;
    }

    const tasks = diff(
      rows.tasks,
      model.tasks,
      (t) => t.index,
      (t, id): TaskEntity => ({
        id,
        competitionId,
        index: t.index,
        name: t.name,
        description: t.description,
        scoringProgramId: keyOf(t.scoringProgram),
        ingestionProgramId: keyOf(t.ingestionProgram),
        inputDataId: keyOf(t.inputData),
        referenceDataId: keyOf(t.referenceData),
        inputDataLocal: localOf(t.inputData),
        referenceDataLocal: localOf(t.referenceData),
        ingestionOnlyDuringScoring: t.ingestionOnlyDuringScoring,
      }),
    );
    const taskId = new Map([...tasks.keep, ...tasks.add].map((t) => [t.index, t.id]));
    const phases = diff(
      rows.phases,
      model.phases,
      (p) => p.index,
      (p, id): EditedPhase => ({ id, ...phaseRow(p, competitionId, taskId) }),
    );
    const leaderboards = diff(
      rows.leaderboards,
      model.leaderboards,
      (l) => l.key,
      (l, id): LeaderboardEntity => ({
        id,
        ...leaderboardRow(l, competitionId),
      }),
    );
    const edit: CompetitionEdit = {
      competitionId,
      basedOn: rows.competition.updatedAt,
      competition: {
        title: model.title,
        description: model.description,
        dockerImage: model.dockerImage,
        format: model.format,
        terms,
        logoKey,
        model,
      },
      pages,
      tasks,
      phases,
      leaderboards,
    };
    const conflicts = await this.repo.applyEdit(edit);
    if (conflicts === 'stale') {
      throw new DomainError('conflict', 'the competition was changed meanwhile; load it again and retry');
    }
    if (conflicts) {
      const names = [
        ...rows.tasks.filter((t) => conflicts.tasks.includes(t.id)).map((t) => `task ${t.index} "${t.name}"`),
        ...rows.phases.filter((p) => conflicts.phases.includes(p.id)).map((p) => `phase ${p.index} "${p.name}"`),
        ...conflicts.leaderboards.map((id) => `leaderboard ${rows.leaderboards.find((l) => l.id === id)?.key}`),
      ];
      const verb = names.length > 1 ? 'have' : 'has';
      throw new DomainError('conflict', `${names.join(', ')} ${verb} submissions and cannot be removed`, {
        tasks: conflicts.tasks,
        phases: conflicts.phases,
        leaderboards: conflicts.leaderboards,
      });
    }
    if (queueId) {
      await this.repo.bindQueue(competitionId, queueId);
    }
    // Columns, rules or phases may have changed: the maintained boards are recomputed from the submissions.
    await this.boards.rebuild(competitionId);
  }
}

const OPTION_NAMES = Object.keys(OPTION_DEFAULTS.v2) as (keyof CompetitionOptions)[];

/** The flat settings of PATCH /api/competitions/{id}: those of `model.options` apart from the model's own. */
function splitOptions<T extends Partial<CompetitionOptions>>(change: T) {
  const options: Partial<CompetitionOptions> = {};
  const settings: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined) {
      continue;
    }
    if ((OPTION_NAMES as string[]).includes(k)) {
      (options as Record<string, unknown>)[k] = v;
    } else {
      settings[k] = v;
    }
  }
  return { options, settings: settings as Omit<T, keyof CompetitionOptions> };
}

function keyOf(ref: PartRef | undefined): string | null {
  return ref && 'key' in ref ? ref.key : null;
}

/** Matches new items to stored rows by index or key: kept rows keep their id, so nothing pointing at them breaks. */
function diff<R extends { id: string }, M, K, O>(
  rows: R[],
  items: M[],
  match: (x: R | M) => K,
  build: (item: M, id: string) => O,
): { keep: O[]; add: O[]; remove: string[] } {
  const byKey = new Map(rows.map((r) => [match(r), r]));
  const keep: O[] = [];
  const add: O[] = [];
  for (const item of items) {
    const row = byKey.get(match(item));
    if (row) {
      keep.push(build(item, row.id));
      byKey.delete(match(item));
    } else {
      add.push(build(item, randomUUID()));
    }
  }
  return { keep, add, remove: [...byKey.values()].map((r) => r.id) };
}
