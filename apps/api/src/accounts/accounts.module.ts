import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsController } from './accounts.controller';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { MailModule } from '@api/mail/mail.module';
import { RateLimitsModule } from '@api/rate-limits/rate-limits.module';
import { AccessTokenEntity } from './entities/access-token.entity';
import { AccountTokenEntity } from './entities/account-token.entity';
import { UserEntity } from './entities/user.entity';

@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity, AccessTokenEntity, AccountTokenEntity]),
    MailModule,
    RateLimitsModule,
  ],
  controllers: [AccountsController],
  providers: [AccountsRepository, AccountsService],
  exports: [AccountsService],
})
export class AccountsModule {}
