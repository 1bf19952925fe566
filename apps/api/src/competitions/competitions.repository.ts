import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import { DatasetEntity } from '@api/datasets/entities/dataset.entity';
import { CompetitionEntity } from './entities/competition.entity';
import { LeaderboardEntity } from './entities/leaderboard.entity';
import { PageEntity } from './entities/page.entity';
import { PhaseEntity } from './entities/phase.entity';
import { TaskEntity } from './entities/task.entity';
import { listedForViewer } from './listed-for-viewer.sql';

export interface NewCompetitionRows {
  /** Access columns other than the visibility take their defaults (a new access key, not archived, no join rule). */
  competition: Omit<
    CompetitionEntity,
    'createdAt' | 'updatedAt' | 'accessKey' | 'archivedAt' | 'joinEmailDomains' | 'joinIdpGroups'
  >;
  datasets: Omit<DatasetEntity, 'createdAt'>[];
  pages: Omit<PageEntity, 'id'>[];
  tasks: TaskEntity[];
  phases: Omit<PhaseEntity, 'id'>[];
  leaderboards: Omit<LeaderboardEntity, 'id'>[];
  /** Users the bundle names as organizers (CodaLab `admin_names`), added as collaborators by the importer. */
  collaboratorIds?: string[];
  /** Per-participant storage quota in MB (CodaLab `participant_max_storage_use`), or null for the platform's. */
  storageQuotaMb?: number | null;
  /** The organizer queue the bundle names (Codabench `queue`), once found usable by the importer. */
  queueId?: string | null;
}

export type EditedPhase = Omit<PhaseEntity, 'resultsHidden'>;

/** A whole-competition edit: rows to keep (by id), to insert (new ids) and the ids to remove. */
export interface CompetitionEdit {
  competitionId: string;
  /** `updatedAt` of the competition the edit was computed from: a competition changed meanwhile is not overwritten. */
  basedOn: Date;
  competition: Pick<
    CompetitionEntity,
    'title' | 'description' | 'dockerImage' | 'format' | 'terms' | 'logoKey' | 'model'
  >;
  pages: Omit<PageEntity, 'id'>[];
  tasks: { keep: TaskEntity[]; add: TaskEntity[]; remove: string[] };
  /** `resultsHidden` is the organizer's reveal switch, not part of the YAML: edits leave it as it is. */
  phases: { keep: EditedPhase[]; add: EditedPhase[]; remove: string[] };
  leaderboards: { keep: LeaderboardEntity[]; add: LeaderboardEntity[]; remove: string[] };
}

/** Rows an edit would remove that hold participants' work: the edit is not applied. */
export interface EditConflicts {
  tasks: string[];
  phases: string[];
  leaderboards: string[];
}

@Injectable()
export class CompetitionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Inserts a whole imported competition in one transaction: all of it or nothing. */
  async insertImported(rows: NewCompetitionRows): Promise<void> {
    await this.db.transaction(async (m: EntityManager) => {
      if (rows.datasets.length) {
        await m.insert(DatasetEntity, rows.datasets);
      }
      // The jsonb model is stored as given; TypeORM's deep-partial type cannot express an open record.
      await m.insert(CompetitionEntity, rows.competition as QueryDeepPartialEntity<CompetitionEntity>);
      if (rows.pages.length) {
        await m.insert(PageEntity, rows.pages);
      }
      if (rows.tasks.length) {
        await m.insert(TaskEntity, rows.tasks);
      }
      if (rows.phases.length) {
        await m.insert(PhaseEntity, rows.phases);
      }
      if (rows.leaderboards.length) {
        await m.insert(LeaderboardEntity, rows.leaderboards);
      }
      const { id, ownerId } = rows.competition;
      for (const userId of rows.collaboratorIds ?? []) {
        await m.query(
          `INSERT INTO competition_collaborators (competition_id, user_id, added_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
          [id, userId, ownerId],
        );
      }
      if (rows.storageQuotaMb) {
        await m.query('UPDATE competitions SET storage_quota_mb = $2 WHERE id = $1', [id, rows.storageQuotaMb]);
      }
      if (rows.queueId) {
        await m.query('INSERT INTO competition_queues (competition_id, queue_id) VALUES ($1, $2)', [id, rows.queueId]);
      }
    });
  }

  /**
   * The queue a bundle names (Codabench `queue`: the queue's vhost, or here its id too) if the user may send jobs
   * there: their own, one shared with them, or a public one (as Codabench's `_unpack_queue` requires); else null.
   */
  async usableQueue(ref: string, user: { id: string; isAdmin: boolean }): Promise<string | null> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT q.id FROM queues q
        WHERE (q.id::text = lower($1) OR q.vhost = $1 OR q.vhost = 'arena-' || lower($1))
          AND (q.owner_id = $2 OR q.is_public OR $3 OR EXISTS (SELECT 1 FROM queue_shares s WHERE s.queue_id = q.id AND s.user_id = $2))
        LIMIT 1`,
      [ref.trim(), user.id, user.isAdmin],
    );
    return rows[0]?.id ?? null;
  }

  async bindQueue(competitionId: string, queueId: string): Promise<void> {
    await this.db.query(
      'INSERT INTO competition_queues (competition_id, queue_id) VALUES ($1, $2) ON CONFLICT (competition_id) DO UPDATE SET queue_id = EXCLUDED.queue_id',
      [competitionId, queueId],
    );
  }

  /** Ids of the users with these names (compared case-insensitively, as sign-in does), keyed by the lower-case name. */
  async usersByName(names: string[]): Promise<Map<string, string>> {
    if (names.length === 0) {
      return new Map();
    }
    const rows: { id: string; name: string }[] = await this.db.query(
      'SELECT id, lower(username) AS name FROM users WHERE lower(username) = ANY($1::text[])',
      [names.map((n) => n.toLowerCase())],
    );
    return new Map(rows.map((r) => [r.name, r.id]));
  }

  /**
   * Applies an edit in one transaction, unless a task, phase or leaderboard it removes has submissions (runs,
   * entries): then nothing changes and those ids are returned. The rows to remove are locked first, so a
   * submission arriving meanwhile waits and then fails instead of being cascaded away.
   */
  async applyEdit(edit: CompetitionEdit): Promise<EditConflicts | 'stale' | null> {
    return this.db.transaction(async (m: EntityManager) => {
      const current = (await m.query(
        `SELECT id FROM competitions WHERE id = $1 AND date_trunc('milliseconds', updated_at) = $2 FOR UPDATE`,
        [edit.competitionId, edit.basedOn],
      )) as unknown[];
      if (current.length === 0) {
        return 'stale';
      }
      const lock = (table: string, ids: string[]) =>
        ids.length ? m.query(`SELECT id FROM ${table} WHERE id = ANY($1::uuid[]) FOR UPDATE`, [ids]) : [];
      await lock('tasks', edit.tasks.remove);
      await lock('phases', edit.phases.remove);
      await lock('leaderboards', edit.leaderboards.remove);
      const used = async (sql: string, ids: string[]): Promise<string[]> =>
        ids.length ? ((await m.query(sql, [ids])) as { id: string }[]).map((r) => r.id) : [];
      const conflicts: EditConflicts = {
        tasks: await used('SELECT DISTINCT task_id AS id FROM runs WHERE task_id = ANY($1::uuid[])', edit.tasks.remove),
        phases: await used(
          'SELECT DISTINCT phase_id AS id FROM submissions WHERE phase_id = ANY($1::uuid[])',
          edit.phases.remove,
        ),
        leaderboards: await used(
          'SELECT DISTINCT leaderboard_id AS id FROM leaderboard_entries WHERE leaderboard_id = ANY($1::uuid[])',
          edit.leaderboards.remove,
        ),
      };
      if (conflicts.tasks.length || conflicts.phases.length || conflicts.leaderboards.length) {
        return conflicts;
      }

      const c = edit.competition;
      await m.update(CompetitionEntity, { id: edit.competitionId }, {
        title: c.title,
        description: c.description,
        dockerImage: c.dockerImage,
        format: c.format,
        terms: c.terms,
        logoKey: c.logoKey,
        model: c.model,
        updatedAt: new Date(),
      } as QueryDeepPartialEntity<CompetitionEntity>);
      await m.delete(PageEntity, { competitionId: edit.competitionId });
      if (edit.pages.length) {
        await m.insert(PageEntity, edit.pages);
      }
      // Removals first: a kept row may take a removed one's index (unique per competition).
      if (edit.leaderboards.remove.length) {
        await m.delete(LeaderboardEntity, edit.leaderboards.remove);
      }
      if (edit.phases.remove.length) {
        await m.delete(PhaseEntity, edit.phases.remove);
      }
      if (edit.tasks.remove.length) {
        await m.delete(TaskEntity, edit.tasks.remove);
      }
      for (const t of edit.tasks.keep) {
        await m.update(TaskEntity, { id: t.id }, t);
      }
      if (edit.tasks.add.length) {
        await m.insert(TaskEntity, edit.tasks.add);
      }
      for (const p of edit.phases.keep) {
        await m.update(PhaseEntity, { id: p.id }, p);
      }
      if (edit.phases.add.length) {
        await m.insert(PhaseEntity, edit.phases.add);
      }
      for (const l of edit.leaderboards.keep) {
        await m.update(LeaderboardEntity, { id: l.id }, l as QueryDeepPartialEntity<LeaderboardEntity>);
      }
      if (edit.leaderboards.add.length) {
        await m.insert(LeaderboardEntity, edit.leaderboards.add as QueryDeepPartialEntity<LeaderboardEntity>[]);
      }
      return null;
    });
  }

  findDatasets(ids: string[]): Promise<DatasetEntity[]> {
    if (ids.length === 0) {
      return Promise.resolve([]);
    }
    return this.db.getRepository(DatasetEntity).createQueryBuilder('d').where('d.id = ANY(:ids)', { ids }).getMany();
  }

  findDataset(id: string): Promise<DatasetEntity | null> {
    return this.db.getRepository(DatasetEntity).findOne({ where: { id } });
  }

  /**
   * Which of `ids` the user may build on: datasets they own, or that a competition they organize now (owner or
   * collaborator) references explicitly: in a task row, or as a stored part of its model (a phase's starting kit
   * or public data, a solution), read as those structured fields. Never an id merely written somewhere in a
   * competition's text: the organizer writes that text (descriptions, pages, extra keys), so it grants nothing.
   */
  async usableDatasetIds(ids: string[], userId: string): Promise<Set<string>> {
    if (ids.length === 0) {
      return new Set();
    }
    const rows: { id: string }[] = await this.db.query(
      `SELECT d.id FROM datasets d
        WHERE d.id = ANY($1::uuid[])
          AND (d.owner_id = $2 OR EXISTS (
            SELECT 1 FROM competitions c
             WHERE (c.owner_id = $2 OR EXISTS (
                     SELECT 1 FROM competition_collaborators cc WHERE cc.competition_id = c.id AND cc.user_id = $2))
               AND (EXISTS (
                      SELECT 1 FROM tasks t
                       WHERE t.competition_id = c.id
                         AND d.id IN (t.scoring_program_id, t.ingestion_program_id, t.input_data_id, t.reference_data_id))
                    OR EXISTS (
                      SELECT 1 FROM jsonb_array_elements(
                               CASE WHEN jsonb_typeof(c.model->'phases') = 'array' THEN c.model->'phases' ELSE '[]' END) p
                       WHERE lower(p->'startingKit'->>'key') = d.id::text OR lower(p->'publicData'->>'key') = d.id::text)
                    OR EXISTS (
                      SELECT 1 FROM jsonb_array_elements(
                               CASE WHEN jsonb_typeof(c.model->'solutions') = 'array' THEN c.model->'solutions' ELSE '[]' END) s
                       WHERE lower(s->'solution'->>'key') = d.id::text))))`,
      [ids, userId],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** The access columns (visibility, access key, archiving, join rules); `updated_at` moves so that edits see it. */
  async updateAccess(
    id: string,
    patch: Partial<
      Pick<CompetitionEntity, 'visibility' | 'accessKey' | 'archivedAt' | 'joinEmailDomains' | 'joinIdpGroups'>
    >,
  ): Promise<void> {
    await this.db.getRepository(CompetitionEntity).update({ id }, patch as QueryDeepPartialEntity<CompetitionEntity>);
  }

  async isPlatformOrganizer(userId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM users WHERE id = $1 AND is_organizer', [userId]);
    return rows.length > 0;
  }

  findCompetition(id: string): Promise<CompetitionEntity | null> {
    return this.db.getRepository(CompetitionEntity).findOne({ where: { id } });
  }

  /**
   * Newest first. Without `organizerId`: the public competitions, and the private ones the viewer may read (approved or
   * pending participant, or admitted by a join rule: see competition-access/visibility-rules.ts, which this mirrors);
   * never a draft or an unlisted one. With it: those the user organizes, whatever their visibility.
   */
  listCompetitions(
    limit: number,
    offset: number,
    filter: { q?: string; organizerId?: string; viewerId?: string | null } = {},
  ): Promise<CompetitionEntity[]> {
    const query = this.db.getRepository(CompetitionEntity).createQueryBuilder('c');
    if (!filter.organizerId) {
      query.andWhere(listedForViewer(), { viewer: filter.viewerId ?? null });
    }
    if (filter.q) {
      // The search text is matched literally: % and _ are escaped, not wildcards.
      const pattern = `%${filter.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      query.andWhere('(c.title ILIKE :pattern OR c.description ILIKE :pattern)', { pattern });
    }
    if (filter.organizerId) {
      query.andWhere(
        '(c.owner_id = :uid OR EXISTS (SELECT 1 FROM competition_collaborators cc WHERE cc.competition_id = c.id AND cc.user_id = :uid))',
        { uid: filter.organizerId },
      );
    }
    return query.orderBy('c.createdAt', 'DESC').take(limit).skip(offset).getMany();
  }

  /** The organizer queue the competition's jobs go to (null: the platform queue). */
  async queueOf(competitionId: string): Promise<string | null> {
    const [row]: { queue_id: string }[] = await this.db.query(
      'SELECT queue_id FROM competition_queues WHERE competition_id = $1',
      [competitionId],
    );
    return row?.queue_id ?? null;
  }

  pages(competitionId: string): Promise<PageEntity[]> {
    return this.db.getRepository(PageEntity).find({ where: { competitionId }, order: { index: 'ASC' } });
  }

  phases(competitionId: string): Promise<PhaseEntity[]> {
    return this.db.getRepository(PhaseEntity).find({ where: { competitionId }, order: { index: 'ASC' } });
  }

  findPhase(id: string): Promise<PhaseEntity | null> {
    return this.db.getRepository(PhaseEntity).findOne({ where: { id } });
  }

  tasks(competitionId: string): Promise<TaskEntity[]> {
    return this.db.getRepository(TaskEntity).find({ where: { competitionId }, order: { index: 'ASC' } });
  }

  findTask(id: string): Promise<TaskEntity | null> {
    return this.db.getRepository(TaskEntity).findOne({ where: { id } });
  }

  leaderboards(competitionId: string): Promise<LeaderboardEntity[]> {
    return this.db.getRepository(LeaderboardEntity).find({ where: { competitionId }, order: { index: 'ASC' } });
  }
}
