import { Injectable } from '@nestjs/common';
import { primaryKeyFromIndex } from '@arena/leaderboard';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError, notFound } from '@api/common/domain.error';
import { CompetitionsService } from '@api/competitions/competitions.service';
import type { LeaderboardColumnDto } from '@api/competitions/dto/competition.dto';
import type {
  LeaderboardDto,
  LeaderboardRowDto,
  MyRankDto,
  PhaseResultsDto,
  PicksDto,
  RebuildDto,
} from './dto/leaderboard.dto';
import { entrantOf, entrantOfUser } from './entrant';
import { LeaderboardCache } from './leaderboard-cache';
import { LeaderboardChanges } from './leaderboard-changes';
import { leaderboardCsv } from './leaderboard-csv';
import { toIndexedColumns } from './leaderboard-columns';
import { LeaderboardEntriesRepository } from './leaderboard-entries.repository';
import { LeaderboardMaintainer } from './leaderboard-maintainer.service';
import { type BoardContext, LeaderboardReadRepository, type ReadRow } from './leaderboard-read.repository';
import { type Audience, audienceOf } from './results-visibility';

type VisibleBoard = BoardContext & { board: NonNullable<BoardContext['board']> };

/**
 * How long a board's settings and version read from the database are trusted without a change seen in this
 * process: the bound on staleness for changes made elsewhere (another API process, a settings edit not followed by
 * a rebuild).
 */
const CONTEXT_TTL_MS = 1000;

interface CachedContexts {
  contexts: BoardContext[];
  generation: number;
  at: number;
}

/**
 * Reads of the maintained boards. The boards' settings and versions come from one indexed query (cached, see
 * `contexts`); the rows from the cache of serialized responses, or from one range scan of `leaderboard_entries`
 * when the version is new.
 */
@Injectable()
export class LeaderboardsService {
  private readonly cache = new LeaderboardCache<string>();
  private readonly contextCache = new LeaderboardCache<CachedContexts>(2000);
  private readonly contextLoads = new Map<string, Promise<BoardContext[]>>();
  private readonly pageBuilds = new Map<string, Promise<string>>();

  constructor(
    private readonly read: LeaderboardReadRepository,
    private readonly entries: LeaderboardEntriesRepository,
    private readonly maintainer: LeaderboardMaintainer,
    private readonly competitions: CompetitionsService,
    private readonly changes: LeaderboardChanges,
  ) {}

  /** JSON text of every board of the phase the caller may see, each with its top rows. */
  async forPhase(phaseId: string, user: AuthUser | undefined, limit: number, offset: number): Promise<string> {
    const contexts = await this.contexts(phaseId, null);
    const organizer = await this.isOrganizer(contexts[0], user);
    const boards = contexts.filter((c): c is VisibleBoard => c.board !== null && (organizer || !c.board.hidden));
    const parts = await Promise.all(boards.map((c) => this.page(c, phaseId, organizer, offset + 1, offset + limit)));
    const head = `{"phaseId":${JSON.stringify(phaseId)},"competitionId":${JSON.stringify(contexts[0].competitionId)}`;
    return `${head},"leaderboards":[${parts.join(',')}]}`;
  }

  /** JSON text of one board's rows `offset + 1`..`offset + limit`. */
  async board(
    phaseId: string,
    key: string,
    user: AuthUser | undefined,
    limit: number,
    offset: number,
  ): Promise<string> {
    const { context, organizer } = await this.visibleBoard(phaseId, key, user);
    return this.page(context, phaseId, organizer, offset + 1, offset + limit);
  }

  /** The caller's best row with `neighbours` rows above and below, read by position (never the whole board). */
  async me(phaseId: string, key: string, user: AuthUser, neighbours: number): Promise<MyRankDto> {
    const { context, organizer } = await this.visibleBoard(phaseId, key, user);
    const audience = audienceOf(organizer, context.resultsHidden);
    const columns = visibleColumns(context, audience);
    const base = { key, resultsHidden: context.resultsHidden, total: context.total, columns };
    if (audience === 'hidden') return { ...base, rank: null, position: null, rows: [] };
    const { position, rows } = await this.read.around(context.board.id, phaseId, entrantOfUser(user), neighbours);
    const visible = rows.map((r) => toRow(r, columns, context.factSheetColumns));
    return { ...base, rank: visible.find((r) => r.position === position)?.rank ?? null, position, rows: visible };
  }

  /** The whole board as the caller may see it. */
  async export(phaseId: string, key: string, user: AuthUser | undefined, format: 'csv' | 'json'): Promise<string> {
    const { context, organizer } = await this.visibleBoard(phaseId, key, user);
    const audience = audienceOf(organizer, context.resultsHidden);
    const dto = await this.build(context, phaseId, audience, 1, Math.max(context.total, 1));
    return format === 'csv' ? leaderboardCsv(dto) : JSON.stringify(dto);
  }

  async rebuild(competitionId: string, user: AuthUser): Promise<RebuildDto> {
    await this.requireOrganizer(competitionId, user);
    return this.maintainer.rebuild(competitionId);
  }

  async setResultsHidden(phaseId: string, user: AuthUser, hidden: boolean): Promise<PhaseResultsDto> {
    const phase = await this.entries.findPhase(phaseId);
    if (!phase) throw notFound(`phase ${phaseId}`);
    await this.requireOrganizer(phase.competitionId, user);
    await this.entries.setResultsHidden(phaseId, hidden);
    this.changes.changed();
    return { phaseId, resultsHidden: hidden };
  }

  async pick(submissionId: string, user: AuthUser, key: string | undefined, on: boolean): Promise<PicksDto> {
    const submission = await this.entries.findSubmission(submissionId);
    // Only the entrant that owns a submission may move it; nobody else learns it exists.
    if (!submission || entrantOf(submission) !== entrantOfUser(user)) throw notFound(`submission ${submissionId}`);
    const leaderboards = on
      ? await this.maintainer.pick(submission, key)
      : await this.maintainer.unpick(submission, key);
    return { submissionId, leaderboards };
  }

  private async page(
    context: VisibleBoard,
    phaseId: string,
    organizer: boolean,
    from: number,
    to: number,
  ): Promise<string> {
    const audience = audienceOf(organizer, context.resultsHidden);
    const cacheKey = `${context.board.id}:${phaseId}:${context.version}:${audience}:${from}:${to}`;
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined) return cached;
    // After a change, the first readers of the new version share one build instead of each making their own.
    const running = this.pageBuilds.get(cacheKey);
    if (running) return running;
    const build = this.build(context, phaseId, audience, from, to)
      .then((dto) => {
        const json = JSON.stringify(dto);
        this.cache.set(cacheKey, json);
        return json;
      })
      .finally(() => this.pageBuilds.delete(cacheKey));
    this.pageBuilds.set(cacheKey, build);
    return build;
  }

  private async build(
    context: VisibleBoard,
    phaseId: string,
    audience: Audience,
    from: number,
    to: number,
  ): Promise<LeaderboardDto> {
    const { board } = context;
    const columns = visibleColumns(context, audience);
    const rows = audience === 'hidden' ? [] : await this.read.range(board.id, phaseId, from, to);
    return {
      key: board.key,
      title: board.title,
      primaryKey: primaryKeyFromIndex(toIndexedColumns(board.columns), board.primaryIndex),
      submissionRule: board.submissionRule,
      resultsHidden: context.resultsHidden,
      total: context.total,
      columns,
      factSheetColumns: context.factSheetColumns,
      rows: rows.map((r) => toRow(r, columns, context.factSheetColumns)),
    };
  }

  /**
   * The boards' settings, visibility and versions, cached in this process until the next change here or for
   * CONTEXT_TTL_MS: the cached read of a hot board then touches no database at all.
   */
  private async contexts(phaseId: string, key: string | null): Promise<BoardContext[]> {
    const cacheKey = `${phaseId}|${key ?? ''}`;
    const cached = this.contextCache.get(cacheKey);
    if (cached && cached.generation === this.changes.generation) {
      const age = Date.now() - cached.at;
      if (age < CONTEXT_TTL_MS) {
        // Refreshed in the background from half its age: a hot board never expires, so readers never all wait.
        if (age >= CONTEXT_TTL_MS / 2) void this.loadContexts(cacheKey, phaseId, key).catch(() => undefined);
        return cached.contexts;
      }
    }
    return this.loadContexts(cacheKey, phaseId, key);
  }

  /** One database read per key at a time; concurrent callers share it. */
  private loadContexts(cacheKey: string, phaseId: string, key: string | null): Promise<BoardContext[]> {
    const running = this.contextLoads.get(cacheKey);
    if (running) return running;
    const generation = this.changes.generation;
    // Stamped with when the read started, so a value is never served longer than CONTEXT_TTL_MS after it was read.
    const startedAt = Date.now();
    const load = this.read
      .contexts(phaseId, key)
      .then((contexts) => {
        if (contexts.length === 0) throw notFound(`phase ${phaseId}`);
        this.contextCache.set(cacheKey, { contexts, generation, at: startedAt });
        return contexts;
      })
      .finally(() => this.contextLoads.delete(cacheKey));
    this.contextLoads.set(cacheKey, load);
    return load;
  }

  /** A hidden board is absent for participants: the same 404 as a board that does not exist. */
  private async visibleBoard(
    phaseId: string,
    key: string,
    user: AuthUser | undefined,
  ): Promise<{ context: VisibleBoard; organizer: boolean }> {
    const [context] = await this.contexts(phaseId, key);
    const organizer = await this.isOrganizer(context, user);
    if (!context.board || (context.board.hidden && !organizer)) throw notFound(`leaderboard ${key}`);
    return { context: context as VisibleBoard, organizer };
  }

  private isOrganizer(context: BoardContext, user: AuthUser | undefined): Promise<boolean> {
    return this.competitions.isOrganizer({ id: context.competitionId, ownerId: context.ownerId }, user);
  }

  private async requireOrganizer(competitionId: string, user: AuthUser): Promise<void> {
    const competition = await this.competitions.get(competitionId);
    if (!(await this.competitions.isOrganizer(competition, user))) {
      throw new DomainError('forbidden', 'only an organizer of the competition may do this');
    }
  }
}

function visibleColumns(context: VisibleBoard, audience: Audience): LeaderboardColumnDto[] {
  return context.board.columns
    .filter((c) => audience === 'organizer' || !c.hidden)
    .map((c) => ({ key: c.key, title: c.title, index: c.index, sorting: c.sorting, precision: c.precision }));
}

function toRow(r: ReadRow, columns: LeaderboardColumnDto[], facts: { key: string }[]): LeaderboardRowDto {
  return {
    ...(facts.length ? { factSheet: Object.fromEntries(facts.map((f) => [f.key, r.factSheet?.[f.key] ?? null])) } : {}),
    rank: r.rank,
    position: r.position,
    participant: r.participant ?? 'unknown',
    submissionId: r.submissionId,
    submittedAt: r.submittedAt.toISOString(),
    scores: Object.fromEntries(columns.map((c) => [c.key, r.scores[c.key] ?? null])),
  };
}
