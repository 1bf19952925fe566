import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CatalogueSort, CatalogueStatus } from './dto/competition-catalogue.dto';
import { listedForViewer } from './listed-for-viewer.sql';

export interface CatalogueFilter {
  q?: string;
  status?: CatalogueStatus;
  /** Only those the viewer organizes or takes part in. */
  mine?: boolean;
  viewerId: string | null;
  sort: CatalogueSort;
}

export interface CatalogueRow {
  id: string;
  title: string;
  description: string;
  visibility: string;
  created_at: Date;
  archived_at: Date | null;
  logo_key: string | null;
  organizer: string;
  status: CatalogueStatus;
  start_at: Date;
  end_at: Date | null;
  participant_count: number;
  submission_count: number;
  is_organizer: boolean;
}

const ORDER: Record<CatalogueSort, string> = {
  newest: 'l.created_at DESC, l.id',
  ending: 'l.end_at ASC NULLS LAST, l.created_at DESC, l.id',
  title: 'lower(l.title), l.id',
  participants: 'participant_count DESC, l.created_at DESC, l.id',
};

/** A participant of it (approved or pending) or one of its organizers (owner, collaborator); `$1` is the user. */
const ORGANIZES = `(c.owner_id = $1::uuid OR EXISTS (SELECT 1 FROM competition_collaborators cc
                                            WHERE cc.competition_id = c.id AND cc.user_id = $1::uuid))`;
const TAKES_PART = `EXISTS (SELECT 1 FROM participants mp
                    WHERE mp.competition_id = c.id AND mp.user_id = $1::uuid AND mp.status IN ('approved', 'pending'))`;

/**
 * The home page's catalogue in two statements whatever the page size: the matching competitions with their dates and
 * status from their phases, the page of them with its counts (participants, submissions) as subqueries, and the
 * total. Listed as for GET /api/competitions; "mine" adds the caller's own drafts and unlisted ones they organize.
 */
@Injectable()
export class CompetitionCatalogueRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async page(filter: CatalogueFilter, limit: number, offset: number): Promise<{ rows: CatalogueRow[]; total: number }> {
    const params: unknown[] = [filter.viewerId];
    const where: string[] = [];
    if (filter.mine) {
      where.push(`((${listedForViewer('$1')} AND ${TAKES_PART}) OR ${ORGANIZES})`);
    } else {
      where.push(listedForViewer('$1'));
    }
    if (filter.q) {
      // Matched literally: % and _ are escaped, not wildcards.
      params.push(`%${filter.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
      const p = `$${params.length}`;
      where.push(`(c.title ILIKE ${p} OR c.description ILIKE ${p} OR o.username ILIKE ${p})`);
    }
    const listed = `
      SELECT c.id, c.title, c.description, c.visibility, c.created_at, c.archived_at, c.logo_key,
             coalesce(o.username, '') AS organizer, d.start_at, d.end_at,
             CASE WHEN now() < d.start_at THEN 'upcoming'
                  WHEN d.end_at IS NOT NULL AND now() >= d.end_at THEN 'ended'
                  ELSE 'open' END AS status,
             ($1::uuid IS NOT NULL AND ${ORGANIZES}) AS is_organizer
        FROM competitions c
        LEFT JOIN users o ON o.id = c.owner_id
        CROSS JOIN LATERAL (
          SELECT coalesce(min(ph.start_at), 'epoch'::timestamptz) AS start_at,
                 (SELECT last.end_at FROM phases last WHERE last.competition_id = c.id
                   ORDER BY last.index DESC LIMIT 1) AS end_at
            FROM phases ph WHERE ph.competition_id = c.id) d
       WHERE ${where.join(' AND ')}`;
    const statusWhere = filter.status ? `WHERE l.status = $${params.push(filter.status)}` : '';
    const counted = `
      WITH l AS (${listed})
      SELECT l.*,
             (SELECT count(*) FROM participants pa WHERE pa.competition_id = l.id AND pa.status = 'approved')::int
               AS participant_count,
             (SELECT count(*) FROM submissions s WHERE s.competition_id = l.id)::int AS submission_count
        FROM l ${statusWhere}
       ORDER BY ${ORDER[filter.sort]}
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`;
    const [rows, [{ total }]] = await Promise.all([
      this.db.query(counted, [...params, limit, offset]) as Promise<CatalogueRow[]>,
      this.db.query(`WITH l AS (${listed}) SELECT count(*)::int AS total FROM l ${statusWhere}`, params) as Promise<
        { total: number }[]
      >,
    ]);
    return { rows, total };
  }
}
