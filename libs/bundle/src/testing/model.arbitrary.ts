import fc from 'fast-check';
import type {
  ColumnModel,
  CompetitionModel,
  FactSheetQuestion,
  LeaderboardModel,
  PartRef,
  PhaseModel,
  SolutionModel,
  TaskModel,
} from '../competition.model';
import { PHASE_COLORS } from '../competition.model';
import { SUBMISSION_RULES } from '../parse/v2/leaderboards-v2.parser';

/**
 * Valid v2 competition models, as the parser would produce them: parts are dataset keys, files have fixed names
 * (`pages/<i>.md`, `terms.md`, `logo.png`), phases follow each other, computed columns read plain ones.
 */
const text = fc.string({ maxLength: 40, unit: 'grapheme' });
const title = (max: number) =>
  fc.string({ minLength: 1, maxLength: max, unit: 'grapheme-ascii' }).filter((s) => s.trim() !== '');
const ident = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
const key: fc.Arbitrary<PartRef> = fc.uuid().map((k) => ({ key: k }));
const limit = fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null });
const DAY = 86_400_000;
const BASE = Date.UTC(2020, 0, 1);

function tasksArb(): fc.Arbitrary<TaskModel[]> {
  const full = fc.record(
    {
      name: text,
      description: text,
      scoringProgram: key,
      ingestionProgram: key,
      inputData: key,
      referenceData: key,
      ingestionOnlyDuringScoring: fc.boolean(),
    },
    { requiredKeys: ['name', 'description', 'scoringProgram', 'ingestionOnlyDuringScoring'] },
  );
  const byKey = fc.record({ name: text, description: text, key: fc.uuid() });
  const one = fc.oneof({ arbitrary: full, weight: 4 }, { arbitrary: byKey, weight: 1 });
  return fc.uniqueArray(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 3 }).chain((indexes) =>
    fc.tuple(...indexes.map(() => one)).map((ts) =>
      ts.map((t, i): TaskModel => {
        if ('key' in t) {
          const { key: k, name, description } = t;
          return { index: indexes[i], key: k, name, description, ingestionOnlyDuringScoring: false };
        }
        const task: TaskModel = { index: indexes[i], ...t };
        if (!task.ingestionProgram && task.ingestionOnlyDuringScoring) {
          task.ingestionOnlyDuringScoring = false;
        }
        return task;
      }),
    ),
  );
}

function phasesArb(taskIndexes: number[]): fc.Arbitrary<PhaseModel[]> {
  const phase = fc.record({
    name: text,
    description: text,
    gap: fc.integer({ min: 0, max: 30 * DAY }),
    length: fc.integer({ min: 1000, max: 90 * DAY }),
    open: fc.boolean(),
    taskIndexes: fc.shuffledSubarray(taskIndexes, { minLength: 1 }),
    maxSubmissionsPerDay: limit,
    maxSubmissions: limit,
    executionTimeLimitSec: fc.integer({ min: 1, max: 86_400 }),
    autoMigrateToThisPhase: fc.boolean(),
    hideOutput: fc.boolean(),
    hidePredictionOutput: fc.boolean(),
    hideScoreOutput: fc.boolean(),
    requiresGpu: fc.option(fc.constant(true as const), { nil: undefined }),
    startingKit: fc.option(key, { nil: undefined }),
    publicData: fc.option(key, { nil: undefined }),
    scoringOnly: fc.option(fc.constant(true as const), { nil: undefined }),
    color: fc.option(fc.constantFrom(...PHASE_COLORS), { nil: undefined }),
    maxSubmissionSizeMb: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: undefined }),
    // Solution indexes the competition declares are 0..n-1 with n >= 0: an empty list is always valid.
    solutionIndexes: fc.option(fc.constant([] as number[]), { nil: undefined }),
  });
  return fc.array(phase, { minLength: 1, maxLength: 3 }).map((ps) => {
    let t = BASE;
    return ps.map(
      (
        {
          gap,
          length,
          open,
          startingKit,
          publicData,
          requiresGpu,
          scoringOnly,
          color,
          maxSubmissionSizeMb,
          solutionIndexes,
          ...p
        },
        i,
      ): PhaseModel => {
        const start = t + gap;
        t = start + length;
        const last = i === ps.length - 1;
        return {
          ...p,
          index: i,
          start: new Date(start).toISOString(),
          end: last && open ? null : new Date(t).toISOString(),
          autoMigrateToThisPhase: i > 0 && p.autoMigrateToThisPhase,
          ...(startingKit ? { startingKit } : {}),
          ...(publicData ? { publicData } : {}),
          ...(requiresGpu ? { requiresGpu } : {}),
          ...(scoringOnly ? { scoringOnly } : {}),
          ...(color !== undefined ? { color } : {}),
          ...(maxSubmissionSizeMb !== undefined ? { maxSubmissionSizeMb } : {}),
          ...(solutionIndexes !== undefined ? { solutionIndexes } : {}),
        };
      },
    );
  });
}

function columnsArb(): fc.Arbitrary<ColumnModel[]> {
  const plain = fc.record(
    {
      title: title(36),
      sorting: fc.constantFrom('asc' as const, 'desc' as const),
      precision: fc.integer({ min: 0, max: 10 }),
      hidden: fc.boolean(),
      group: text,
    },
    { requiredKeys: ['title', 'sorting', 'precision', 'hidden'] },
  );
  const computed = fc.record({
    kind: fc.constantFrom('avg', 'sum', 'min', 'max', 'avgRank', 'weightedRank', 'mrr'),
    weights: fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 3, maxLength: 3 }),
  });
  return fc
    .tuple(
      fc.uniqueArray(ident, { minLength: 2, maxLength: 5 }),
      fc.uniqueArray(fc.integer({ min: 0, max: 20 }), { minLength: 5, maxLength: 5 }),
      fc.array(plain, { minLength: 5, maxLength: 5 }),
      fc.option(computed, { nil: undefined }),
    )
    .map(([keys, indexes, plains, comp]) => {
      const cols = keys.map((k, i): ColumnModel => ({ key: k, index: indexes[i], ...plains[i] }));
      if (comp && cols.length >= 3) {
        const target = cols[cols.length - 1];
        const sources = cols.slice(0, 2).map((c) => c.index);
        if (comp.kind === 'avgRank' || comp.kind === 'mrr') {
          target.rankAggregate = { method: comp.kind, indexes: sources };
        } else if (comp.kind === 'weightedRank') {
          target.rankAggregate = { method: 'weightedRank', indexes: sources, weights: comp.weights.slice(0, 2) };
        } else {
          target.computation = comp.kind as ColumnModel['computation'];
          target.computationIndexes = sources;
        }
      }
      return cols;
    });
}

function leaderboardsArb(): fc.Arbitrary<LeaderboardModel[]> {
  const board = fc.record({
    title: title(64),
    hidden: fc.boolean(),
    submissionRule: fc.constantFrom(...SUBMISSION_RULES),
    columns: columnsArb(),
    primary: fc.nat(),
  });
  return fc
    .tuple(fc.uniqueArray(ident, { minLength: 1, maxLength: 3 }), fc.array(board, { minLength: 3, maxLength: 3 }))
    .map(([keys, boards]) =>
      keys.map((k, i): LeaderboardModel => {
        const { primary, ...b } = boards[i];
        return { ...b, key: k, index: i, primaryIndex: b.columns[primary % b.columns.length].index };
      }),
    );
}

function factSheetArb(): fc.Arbitrary<FactSheetQuestion[] | null> {
  const q = fc.record({
    type: fc.constantFrom('checkbox' as const, 'text' as const, 'select' as const),
    title: text,
    selection: fc.array(title(10), { minLength: 1, maxLength: 3 }),
    isRequired: fc.boolean(),
    isOnLeaderboard: fc.boolean(),
  });
  return fc.option(
    fc
      .uniqueArray(ident, { maxLength: 3 })
      .chain((keys) => fc.tuple(...keys.map(() => q)).map((qs) => qs.map((x, i) => ({ key: keys[i], ...x })))),
    { nil: null },
  );
}

export function competitionModelArb(): fc.Arbitrary<CompetitionModel> {
  return tasksArb().chain((tasks) => {
    const indexes = tasks.map((t) => t.index);
    const taskIndexes = fc.shuffledSubarray(indexes, { minLength: 1 });
    const solution = fc.record({ name: text, description: text, taskIndexes, solution: key });
    return fc
      .record({
        title: title(256),
        description: text,
        hasImage: fc.boolean(),
        hasTerms: fc.boolean(),
        pageTitles: fc.array(title(40), { maxLength: 3 }),
        dockerImage: fc.stringMatching(/^[a-z][a-z0-9/._-]{0,30}:[a-z0-9.]{1,8}$/),
        queue: fc.option(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), { nil: null }),
        flags: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
        anonymousLeaderboard: fc.boolean(),
        options: fc.record({
          enableTeams: fc.boolean(),
          requireTeamApproval: fc.boolean(),
          enableSubmissionMetadata: fc.boolean(),
          showSubmissionMetadataOnLeaderboard: fc.boolean(),
          disallowLeaderboardModifying: fc.boolean(),
          hideTopThree: fc.boolean(),
          hideChart: fc.boolean(),
          urlRedirect: fc.option(fc.constantFrom('https://example.org/challenge', 'http://lab.example.com/c?id=3'), {
            nil: null,
          }),
        }),
        competitionType: fc.constantFrom('competition' as const, 'benchmark' as const),
        factSheet: factSheetArb(),
        reward: fc.option(text, { nil: null }),
        contactEmail: fc.option(fc.constantFrom('org@example.com', 'a.b@lab.example.org'), { nil: null }),
        solutions: fc.array(solution, { maxLength: 2 }),
        phases: phasesArb(indexes),
        leaderboards: leaderboardsArb(),
      })
      .map((g): CompetitionModel => {
        const [a, b, c, d, e, f, h, i, j] = g.flags;
        return {
          format: 'v2',
          sourceVersion: '2',
          title: g.title,
          description: g.description,
          ...(g.hasImage ? { image: 'logo.png' } : {}),
          ...(g.hasTerms ? { terms: 'terms.md' } : {}),
          pages: g.pageTitles.map((t, k) => ({ title: t, file: `pages/${k}.md` })),
          dockerImage: g.dockerImage,
          queue: g.queue,
          registrationAutoApprove: a,
          enableDetailedResults: b,
          showDetailedResultsInSubmissionPanel: c,
          showDetailedResultsInLeaderboard: d,
          autoRunSubmissions: e,
          canParticipantsMakeSubmissionsPublic: f,
          makeProgramsAvailable: h,
          makeInputDataAvailable: i,
          competitionType: g.competitionType,
          factSheet: g.factSheet,
          reward: g.reward,
          contactEmail: g.contactEmail,
          forumEnabled: j,
          anonymousLeaderboard: g.anonymousLeaderboard,
          // The reader keeps metadata on boards only where submissions carry it.
          options: {
            ...g.options,
            showSubmissionMetadataOnLeaderboard:
              g.options.showSubmissionMetadataOnLeaderboard && g.options.enableSubmissionMetadata,
          },
          tasks,
          solutions: g.solutions.map((s, k): SolutionModel => ({ index: k, ...s })),
          phases: g.phases,
          leaderboards: g.leaderboards,
          extra: {},
        };
      });
  });
}
