import type { Pool, QueryConfig } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * A read on the hottest paths of the API (authentication, leaderboard reads), sent straight to the driver's pg pool
 * as a named prepared statement: PostgreSQL plans it once per connection, and TypeORM's per-query runner is skipped.
 */
export async function preparedQuery<T>(db: DataSource, config: QueryConfig & { name: string }): Promise<T[]> {
  const pool = (db.driver as PostgresDriver).master as Pool;
  return (await pool.query(config)).rows as T[];
}
