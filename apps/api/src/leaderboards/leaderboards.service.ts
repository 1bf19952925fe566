import { toIndexedColumns } from '@arena/bundle';
import { Injectable } from '@nestjs/common';
import { primaryKeyFromIndex } from '@arena/leaderboard';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError, forbidden, notFound } from '@api/common/domain.error';
import { CompetitionsService } from '@api/competitions/competitions.service';
import { ApiConfig } from '@api/config/api-config';
import type { LeaderboardColumnDto } from '@api/competitions/dto/competition.dto';
import type {
  LeaderboardDto,
  LeaderboardHistoryDto,
  LeaderboardRowDto,
  MyRankDto,
  PhaseResultsDto,
  PicksDto,
  RebuildDto,
} from './dto/leaderboard.dto';
import { FreshnessStamped } from './board-freshness';
import { type JsonText, jsonText } from './json-text';
import { RefreshAheadCache } from '@api/common/refresh-ahead-cache';
import { LeaderboardChanges } from './leaderboard-changes';
import { leaderboardCsv } from './leaderboard-csv';
import { chartedColumn, historyValue } from './leaderboard-history';
import { LeaderboardEntriesRepository } from './leaderboard-entries.repository';
import { LeaderboardMaintainer } from './leaderboard-maintainer.service';
import { type BoardContext, LeaderboardReadRepository, type ReadRow } from './leaderboard-read.repository';
import { pseudonymsOf, type RowNames, rowNames } from './pseudonyms';
import { type Audience, audienceOf } from './results-visibility';
import { toColumnDto } from '@api/competitions/competition.mapper';

/** A board's context with its freshness as JSON text, made once per context read. */
type ServedContext = BoardContext & { freshnessText: string };
type VisibleBoard = ServedContext & { board: NonNullable<BoardContext['board']> };

/** How stale the history of a board ranked by a rank aggregate may be (see `history`). */
const HISTORY_TTL_MS = 10_000;

/**
 * Reads of the maintained boards. The boards' settings and versions come from one indexed query (cached, see
 * `contexts`); the rows from the cache of serialized responses, or from one range scan of `leaderboard_entries`
 * when the version is new.
 */
@Injectable()
export class LeaderboardsService {
  /**
   * Board pages and histories, keyed by the board's version: a new version is a new key, so an entry never goes
   * stale and needs no time-to-live. After a change, the first readers of a key share one build.
   */
  private readonly pages = new RefreshAheadCache<FreshnessStamped>(Number.POSITIVE_INFINITY, 500);
  private readonly histories = new RefreshAheadCache<JsonText>(Number.POSITIVE_INFINITY, 500);
  /** Answers to "my rank", one per caller: kept apart so that many callers never push the boards' pages out. */
  private readonly mine: RefreshAheadCache<FreshnessStamped>;
  private readonly roles: RefreshAheadCache<boolean>;
  /**
   * Changes made in this process, or announced by the database (CacheCoherence: another process, SQL), are seen at
   * once: they move the generation on. Results waiting for the boards move it too (their pending count).
   */
  private readonly contextCache: RefreshAheadCache<ServedContext[]>;

  constructor(
    private readonly read: LeaderboardReadRepository,
    private readonly entries: LeaderboardEntriesRepository,
    private readonly maintainer: LeaderboardMaintainer,
    private readonly competitions: CompetitionsService,
    private readonly changes: LeaderboardChanges,
    config: ApiConfig,
  ) {
    // Board settings and versions, roles and "my rank" answers stay until a change is heard (this process's own, or
    // announced by the database: CacheCoherence). While the announcements do not reach this process they are trusted
    // for CACHE_TTL_MS, the bound on staleness for changes made elsewhere. A caller polling its rank then costs no
    // query at all until the board changes.
    const ttl = () => (this.changes.heard ? Number.POSITIVE_INFINITY : config.cacheTtlMs);
    const generation = () => this.changes.generation;
    this.mine = new RefreshAheadCache<FreshnessStamped>(ttl, 5000, generation);
    this.roles = new RefreshAheadCache<boolean>(ttl, 5000, generation);
    this.contextCache = new RefreshAheadCache<ServedContext[]>(ttl, 2000, () => generation() + this.changes.arrivals);
  }

  /** JSON text of every board of the phase the caller may see, each with its top rows and its freshness. */
  async forPhase(phaseId: string, user: AuthUser | undefined, limit: number, offset: number): Promise<Buffer> {
    const contexts = await this.contexts(phaseId, null);
    const organizer = contexts.some(hidesSomething) && (await this.isOrganizer(contexts[0], user));
    const boards = contexts.filter((c): c is VisibleBoard => c.board !== null && (organizer || !c.board.hidden));
    const pages = await Promise.all(boards.map((c) => this.page(c, phaseId, organizer, offset + 1, offset + limit)));
    const head = `{"phaseId":${JSON.stringify(phaseId)},"competitionId":${JSON.stringify(contexts[0].competitionId)},"leaderboards":[`;
    const parts = pages.flatMap((p, i) => (i === 0 ? [p.body] : [COMMA, p.body]));
    return Buffer.concat([Buffer.from(head), ...parts, Buffer.from(']}')]);
  }

  /** JSON text of one board's rows `offset + 1`..`offset + limit`. */
  async board(
    phaseId: string,
    key: string,
    user: AuthUser | undefined,
    limit: number,
    offset: number,
  ): Promise<JsonText> {
    const { context, organizer } = await this.visibleBoard(phaseId, key, user);
    return this.page(context, phaseId, organizer, offset + 1, offset + limit);
  }

  /**
   * JSON text of the caller's row (their team's when they are in one) with `neighbours` rows above and below, read
   * by position (never the whole board). Cached per board version and caller: a participant polling their rank
   * costs no query until the board changes. Which team the caller is in can change without the board changing: the
   * database announces it (team_members), which drops these answers; without the announcement an answer is trusted
   * for CACHE_TTL_MS at most, as the board settings are (and refreshed ahead of that while the caller keeps asking).
   */
  async me(phaseId: string, key: string, user: AuthUser, neighbours: number): Promise<JsonText> {
    const { context, organizer } = await this.visibleBoard(phaseId, key, user);
    const audience = audienceOf(organizer, context.resultsHidden);
    const { board, competitionId } = context;
    const cacheKey = `${board.id}:${phaseId}:${context.version}:${audience}:${user.id}:${neighbours}`;
    const answer = await this.mine.get(cacheKey, () =>
      stamped(async (): Promise<Omit<MyRankDto, 'freshness'>> => {
        const columns = visibleColumns(context, audience);
        const { anonymous, resultsHidden, total } = context;
        const base = { key, resultsHidden, anonymous, total, columns };
        if (audience === 'hidden') {
          return { ...base, rank: null, position: null, rows: [] };
        }
        const names = rowNames(anonymous, audience === 'organizer');
        const { position, rows } = await this.read.around(board.id, phaseId, competitionId, user.id, neighbours, names);
        // The caller's own rows are marked here, in the answer cached per caller: board pages stay shared by everyone.
        const visible = rows.map((r) => ({
          ...toRow(r, columns, context.factSheetColumns, names, context.submissionMetadata),
          mine: r.isMine === true,
        }));
        return { ...base, rank: visible.find((r) => r.position === position)?.rank ?? null, position, rows: visible };
      }),
    );
    return answer.with(context.freshnessText);
  }

  /**
   * JSON text of the board's best value over time (a step per new best, by finish time), cached per board version:
   * the series only changes when a submission that could change the board arrives.
   */
  async history(phaseId: string, key: string, user: AuthUser | undefined): Promise<JsonText> {
    const { context, organizer } = await this.visibleBoard(phaseId, key, user);
    const { board } = context;
    const audience = audienceOf(organizer, context.resultsHidden);
    const column = chartedColumn(board.columns, board.primaryIndex);
    // A hidden column does not exist for participants: neither does its history.
    if (!column || (column.hidden && audience !== 'organizer')) {
      throw notFound(`history of leaderboard ${key}`);
    }
    // A new best of the primary column always changes the board, hence its version. A column charted in place of a
    // rank aggregate can reach a new best from a submission the board does not keep: that series may lag by
    // HISTORY_TTL_MS.
    const lag = column.index === board.primaryIndex ? '' : `:${Math.floor(Date.now() / HISTORY_TTL_MS)}`;
    const cacheKey = `history:${board.id}:${phaseId}:${context.version}:${audience}${lag}`;
    return this.histories.get(cacheKey, () =>
      serialize(async () => {
        const value = historyValue(column, board.columns, board.submissionRule);
        const points = audience === 'hidden' ? [] : await this.read.history(board.id, phaseId, value);
        const dto: LeaderboardHistoryDto = {
          column: column.key,
          title: column.title,
          sorting: column.sorting,
          points: points.map((p) => ({ at: p.at.toISOString(), best: p.best })),
        };
        return dto;
      }),
    );
  }

  /** The whole board as the caller may see it. */
  async export(phaseId: string, key: string, user: AuthUser | undefined, format: 'csv' | 'json'): Promise<string> {
    const { context, organizer } = await this.visibleBoard(phaseId, key, user);
    const audience = audienceOf(organizer, context.resultsHidden);
    const dto = {
      ...(await this.build(context, phaseId, audience, 1, Math.max(context.total, 1))),
      freshness: context.freshness,
    };
    return format === 'csv'
      ? leaderboardCsv(dto, rowNames(context.anonymous, organizer) === 'both')
      : JSON.stringify(dto);
  }

  async rebuild(competitionId: string, user: AuthUser): Promise<RebuildDto> {
    await this.requireOrganizer(competitionId, user);
    return this.maintainer.rebuild(competitionId);
  }

  async setResultsHidden(phaseId: string, user: AuthUser, hidden: boolean): Promise<PhaseResultsDto> {
    const phase = await this.entries.findPhase(phaseId);
    if (!phase) {
      throw notFound(`phase ${phaseId}`);
    }
    await this.requireOrganizer(phase.competitionId, user);
    await this.entries.setResultsHidden(phaseId, hidden);
    this.changes.changed();
    return { phaseId, resultsHidden: hidden };
  }

  async pick(submissionId: string, user: AuthUser, key: string | undefined, on: boolean): Promise<PicksDto> {
    const submission = await this.entries.findSubmission(submissionId);
    // Only the entrant that owns a submission (its owner, or a member of its team) may move it; nobody else learns
    // it exists.
    const mayMove =
      submission &&
      (submission.teamId
        ? await this.entries.isTeamMember(submission.teamId, user.id)
        : submission.ownerId === user.id);
    if (!mayMove) {
      throw notFound(`submission ${submissionId}`);
    }
    const competition = await this.competitions.get(submission.competitionId);
    // CodaLab's disallow_leaderboard_modifying: the rule places entries; participants cannot move them.
    if (competition.model.options?.disallowLeaderboardModifying) {
      throw forbidden('the organizers of this competition do not let participants choose their leaderboard entries');
    }
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
  ): Promise<JsonText> {
    const audience = audienceOf(organizer, context.resultsHidden);
    const cacheKey = `${context.board.id}:${phaseId}:${context.version}:${audience}:${from}:${to}`;
    const page = await this.pages.get(cacheKey, () => stamped(() => this.build(context, phaseId, audience, from, to)));
    return page.with(context.freshnessText);
  }

  private async build(
    context: VisibleBoard,
    phaseId: string,
    audience: Audience,
    from: number,
    to: number,
  ): Promise<Omit<LeaderboardDto, 'freshness'>> {
    const { board } = context;
    const columns = visibleColumns(context, audience);
    const names = rowNames(context.anonymous, audience === 'organizer');
    const rows = audience === 'hidden' ? [] : await this.read.range(board.id, phaseId, from, to, names);
    return {
      key: board.key,
      title: board.title,
      primaryKey: primaryKeyFromIndex(toIndexedColumns(board.columns), board.primaryIndex),
      submissionRule: board.submissionRule,
      resultsHidden: context.resultsHidden,
      anonymous: context.anonymous,
      total: context.total,
      columns,
      factSheetColumns: context.factSheetColumns,
      detailedResults: context.detailedResults && audience !== 'hidden',
      rows: rows.map((r) => toRow(r, columns, context.factSheetColumns, names, context.submissionMetadata)),
    };
  }

  /**
   * The boards' settings, visibility and versions, cached in this process until the next change heard (CACHE_TTL_MS
   * while changes are not heard): the cached read of a hot board then touches no database at all.
   */
  private contexts(phaseId: string, key: string | null): Promise<ServedContext[]> {
    return this.contextCache.get(`${phaseId}|${key ?? ''}`, async () => {
      const contexts = await this.read.contexts(phaseId, key);
      if (contexts.length === 0) {
        throw notFound(`phase ${phaseId}`);
      }
      return contexts.map((c) => ({ ...c, freshnessText: JSON.stringify(c.freshness) }));
    });
  }

  /** A hidden board is absent for participants: the same 404 as a board that does not exist. */
  private async visibleBoard(
    phaseId: string,
    key: string,
    user: AuthUser | undefined,
  ): Promise<{ context: VisibleBoard; organizer: boolean }> {
    const [context] = await this.contexts(phaseId, key);
    // Organizers and participants see the same board when it hides nothing: no lookup of the caller's role then.
    const organizer = hidesSomething(context) && (await this.isOrganizer(context, user));
    if (!context.board || (context.board.hidden && !organizer)) {
      throw notFound(`leaderboard ${key}`);
    }
    return { context: context as VisibleBoard, organizer };
  }

  /**
   * Whether the caller organizes the competition; remembered as the board settings are, so that reads of a board
   * that hides something do not each look up the caller's role.
   */
  private async isOrganizer(context: ServedContext, user: AuthUser | undefined): Promise<boolean> {
    const competition = { id: context.competitionId, ownerId: context.ownerId };
    if (!user || user.isAdmin || user.id === context.ownerId) {
      return this.competitions.isOrganizer(competition, user);
    }
    return this.roles.get(`${context.competitionId}:${user.id}`, () =>
      this.competitions.isOrganizer(competition, user),
    );
  }

  private async requireOrganizer(competitionId: string, user: AuthUser): Promise<void> {
    const competition = await this.competitions.get(competitionId);
    if (!(await this.competitions.isOrganizer(competition, user))) {
      throw new DomainError('forbidden', 'only an organizer of the competition may do this');
    }
  }
}

const COMMA = Buffer.from(',');

/** JSON text (and its tag) of what `make` builds. */
async function serialize(make: () => Promise<object>): Promise<JsonText> {
  return jsonText(JSON.stringify(await make()));
}

/** The same, for a board response that gets the board's freshness added (see FreshnessStamped). */
async function stamped(make: () => Promise<object>): Promise<FreshnessStamped> {
  return new FreshnessStamped(await serialize(make));
}

/** Whether an organizer sees more of this board than a participant does (names, on an anonymous board). */
function hidesSomething(context: BoardContext): boolean {
  const { board } = context;
  if (context.resultsHidden || context.anonymous) {
    return true;
  }
  return board !== null && (board.hidden || board.columns.some((c) => c.hidden));
}

function visibleColumns(context: VisibleBoard, audience: Audience): LeaderboardColumnDto[] {
  return context.board.columns.filter((c) => audience === 'organizer' || !c.hidden).map(toColumnDto);
}

function toRow(
  r: ReadRow,
  columns: LeaderboardColumnDto[],
  facts: { key: string }[],
  names: RowNames,
  withMetadata: boolean,
): LeaderboardRowDto {
  const numbers = { ownerNumber: r.ownerNumber ?? null, teamNumber: r.teamNumber ?? null, isTeam: r.isTeam === true };
  const shown =
    names === 'pseudonyms'
      ? pseudonymsOf(numbers)
      : { participant: r.participant ?? 'unknown', submitter: r.submitter ?? 'unknown', team: r.team };
  return {
    ...(facts.length ? { factSheet: Object.fromEntries(facts.map((f) => [f.key, r.factSheet?.[f.key] ?? null])) } : {}),
    rank: r.rank,
    position: r.position,
    ...shown,
    // Organizers of an anonymous board see whom each pseudonym stands for.
    ...(names === 'both' ? { pseudonym: pseudonymsOf(numbers).participant } : {}),
    submissionId: r.submissionId,
    submittedAt: r.submittedAt.toISOString(),
    scores: Object.fromEntries(columns.map((c) => [c.key, r.scores[c.key] ?? null])),
    ...(withMetadata ? { metadata: r.metadata ?? null } : {}),
    ...(r.pendingTasks?.length ? { pendingTasks: r.pendingTasks } : {}),
  };
}
