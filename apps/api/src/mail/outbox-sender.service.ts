import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { ApiConfig } from '@api/config/api-config';
import { MailRepository } from './mail.repository';

const BATCH = 20;
export const MAX_ATTEMPTS = 8;
const MAX_BACKOFF_MS = 3600_000;

/** Sends the outbox in the background; a failed mail is retried with exponential back-off, and logged. */
@Injectable()
export class OutboxSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private transport: Transporter | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly repo: MailRepository,
    private readonly config: ApiConfig,
  ) {}

  onApplicationBootstrap(): void {
    const smtp = this.config.mail.smtp;
    if (!smtp) {
      this.logger.log('SMTP_HOST is not set: mails stay in the outbox until it is');
      return;
    }
    this.transport = createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    this.timer = setInterval(() => void this.tick(), this.config.mail.intervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
    }
    await this.running;
    this.transport?.close();
  }

  /** One pass over the due mails; exposed so the tick and shutdown share one in-flight pass. */
  private tick(): Promise<void> {
    this.running ??= this.sendDue().finally(() => (this.running = null));
    return this.running;
  }

  private async sendDue(): Promise<void> {
    try {
      const leaseMs = Math.max(60_000, this.config.mail.intervalMs * 4);
      for (const mail of await this.repo.claimDue(BATCH, MAX_ATTEMPTS, leaseMs)) {
        try {
          await this.transport!.sendMail({
            from: this.config.mail.from,
            to: mail.recipient,
            subject: mail.subject,
            text: mail.body,
          });
          await this.repo.markSent(mail.id);
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          const attempt = mail.attempts + 1;
          const backoff = Math.min(MAX_BACKOFF_MS, this.config.mail.intervalMs * 2 ** attempt);
          this.logger.warn(
            `mail ${mail.id} to ${mail.recipient} failed (attempt ${attempt}/${MAX_ATTEMPTS}): ${message}`,
          );
          await this.repo.markFailed(mail.id, message, new Date(Date.now() + backoff));
        }
      }
    } catch (e) {
      this.logger.error(`outbox pass failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
