import { Module } from '@nestjs/common';
import { AccountsModule } from '@api/accounts/accounts.module';
import { AdministrationController } from './administration.controller';
import { AdministrationRepository } from './administration.repository';
import { AdministrationService } from './administration.service';

/** Users, competitions and storage for platform admins. */
@Module({
  imports: [AccountsModule],
  controllers: [AdministrationController],
  providers: [AdministrationRepository, AdministrationService],
})
export class AdministrationModule {}
