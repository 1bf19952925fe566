import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { OutboxMailEntity } from './entities/outbox-mail.entity';

export type NewMail = Pick<OutboxMailEntity, 'recipient' | 'subject' | 'body'>;

@Injectable()
export class MailRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(mails: NewMail[]): Promise<void> {
    if (mails.length === 0) {
      return;
    }
    await this.db.getRepository(OutboxMailEntity).insert(mails.map((m) => ({ ...m, nextAttemptAt: new Date() })));
  }

  /**
   * Claims due mails by pushing their next attempt past the lease, so that two API instances never send one
   * mail twice at once, and a crash mid-send only delays it.
   */
  async claimDue(limit: number, maxAttempts: number, leaseMs: number): Promise<OutboxMailEntity[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `UPDATE mail_outbox SET next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)
       WHERE id IN (
         SELECT id FROM mail_outbox
         WHERE sent_at IS NULL AND attempts < $2 AND next_attempt_at <= now()
         ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id, recipient, subject, body, attempts`,
      [limit, maxAttempts, leaseMs],
    );
    // UPDATE ... RETURNING comes back as [rows, count] from the pg driver.
    const list = Array.isArray(rows[0]) ? (rows[0] as unknown as Record<string, unknown>[]) : rows;
    return list.map((r) => Object.assign(new OutboxMailEntity(), r));
  }

  async markSent(id: string): Promise<void> {
    await this.db
      .getRepository(OutboxMailEntity)
      .update({ id }, { sentAt: new Date(), attempts: () => 'attempts + 1', lastError: null });
  }

  async markFailed(id: string, error: string, nextAttemptAt: Date): Promise<void> {
    await this.db
      .getRepository(OutboxMailEntity)
      .update({ id }, { attempts: () => 'attempts + 1', lastError: error.slice(0, 2000), nextAttemptAt });
  }
}
