import { Module } from '@nestjs/common';
import { MailRepository } from './mail.repository';
import { MailService } from './mail.service';
import { OutboxSender } from './outbox-sender.service';

@Module({
  providers: [MailRepository, MailService, OutboxSender],
  exports: [MailService],
})
export class MailModule {}
