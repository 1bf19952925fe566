import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AdminCompetitionDto, AdminUserDto } from './dto/administration.dto';

const USER_COLUMNS = `id, username, email, email_confirmed_at IS NOT NULL AS "emailConfirmed", is_admin AS "isAdmin",
  is_organizer AS "isOrganizer", disabled_at AS "disabledAt", idp_subject IS NOT NULL AS "identityProvider",
  created_at AS "createdAt", last_login_at AS "lastLoginAt"`;

/** A LIKE pattern matching the text literally (% and _ escaped). */
const literal = (q: string) => `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** Every column a stored object's key can be in: an object none names is an orphan. */
const REFERENCED_KEYS = `
  SELECT bundle_key AS key FROM competitions WHERE bundle_key IS NOT NULL
  UNION SELECT logo_key FROM competitions WHERE logo_key IS NOT NULL
  UNION SELECT storage_key FROM datasets
  UNION SELECT file_key FROM submissions
  UNION SELECT output_key FROM runs WHERE output_key IS NOT NULL
  UNION SELECT stdout_key FROM runs WHERE stdout_key IS NOT NULL
  UNION SELECT stderr_key FROM runs WHERE stderr_key IS NOT NULL
  UNION SELECT storage_key FROM uploads
  UNION SELECT key FROM storage_deletions`;

@Injectable()
export class AdministrationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  users(q: string | undefined, limit: number, offset: number): Promise<AdminUserDto[]> {
    return this.db.query(
      `SELECT ${USER_COLUMNS} FROM users
        WHERE $1::text IS NULL OR username ILIKE $1 OR email ILIKE $1
        ORDER BY lower(username) LIMIT $2 OFFSET $3`,
      [q ? literal(q) : null, limit, offset],
    );
  }

  async user(id: string): Promise<AdminUserDto | null> {
    const [row]: AdminUserDto[] = await this.db.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** Disabling ends nothing stored: the user's tokens are refused while disabled, and work again once enabled. */
  async updateUser(id: string, patch: { disabled?: boolean; isAdmin?: boolean; isOrganizer?: boolean }): Promise<void> {
    await this.db.query(
      `UPDATE users SET
          disabled_at = CASE WHEN $2::boolean IS NULL THEN disabled_at WHEN $2 THEN COALESCE(disabled_at, now()) ELSE NULL END,
          is_admin = COALESCE($3, is_admin),
          is_organizer = COALESCE($4, is_organizer)
        WHERE id = $1`,
      [id, patch.disabled ?? null, patch.isAdmin ?? null, patch.isOrganizer ?? null],
    );
  }

  async competitions(q: string | undefined, limit: number, offset: number): Promise<AdminCompetitionDto[]> {
    const rows: (Omit<AdminCompetitionDto, 'submissionBytes' | 'datasetBytes'> & {
      submissionBytes: string;
      datasetBytes: string;
    })[] = await this.db.query(
      `SELECT c.id, c.title, c.visibility, c.archived_at AS "archivedAt", c.owner_id AS "ownerId", u.username AS "ownerUsername",
                c.created_at AS "createdAt",
                GREATEST(c.updated_at, s.last, p.last) AS "lastActivityAt",
                COALESCE(p.n, 0)::int AS participants, COALESCE(s.n, 0)::int AS submissions,
                COALESCE(s.bytes, 0)::text AS "submissionBytes",
                (SELECT COALESCE(sum(d.size), 0) FROM datasets d
                  WHERE EXISTS (SELECT 1 FROM tasks t WHERE t.competition_id = c.id
                     AND d.id IN (t.scoring_program_id, t.ingestion_program_id, t.input_data_id, t.reference_data_id))
                     OR position(d.id::text IN c.model::text) > 0)::text AS "datasetBytes"
           FROM competitions c JOIN users u ON u.id = c.owner_id
           LEFT JOIN LATERAL (SELECT count(*) AS n, sum(file_size) AS bytes, max(created_at) AS last
                                FROM submissions WHERE competition_id = c.id) s ON true
           LEFT JOIN LATERAL (SELECT count(*) AS n, max(created_at) AS last FROM participants WHERE competition_id = c.id) p ON true
          WHERE $1::text IS NULL OR c.title ILIKE $1
          ORDER BY "lastActivityAt" DESC, c.id LIMIT $2 OFFSET $3`,
      [q ? literal(q) : null, limit, offset],
    );
    return rows.map((r) => ({
      ...r,
      submissionBytes: Number(r.submissionBytes),
      datasetBytes: Number(r.datasetBytes),
    }));
  }

  /** Which of these keys no row names. */
  async unreferenced(keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) {
      return new Set();
    }
    const rows: { key: string }[] = await this.db.query(
      `SELECT k.key FROM unnest($1::text[]) AS k(key) WHERE k.key NOT IN (SELECT r.key FROM (${REFERENCED_KEYS}) r)`,
      [keys],
    );
    return new Set(rows.map((r) => r.key));
  }
}
