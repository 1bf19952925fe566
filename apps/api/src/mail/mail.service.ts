import { Injectable, Logger } from '@nestjs/common';
import { MailRepository, type NewMail } from './mail.repository';

/** Queues mail in the outbox; the OutboxSender delivers it. Never throws: mail must not fail the action. */
@Injectable()
export class MailService {
  private readonly logger = new Logger('Mail');

  constructor(private readonly repo: MailRepository) {}

  async queue(recipient: string, subject: string, body: string): Promise<void> {
    await this.queueMany([{ recipient, subject, body }]);
  }

  async queueMany(mails: NewMail[]): Promise<void> {
    try {
      await this.repo.insert(mails);
    } catch (e) {
      this.logger.error(`could not queue ${mails.length} mail(s): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
