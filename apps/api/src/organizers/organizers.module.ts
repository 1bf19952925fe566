import { Module } from '@nestjs/common';
import { AccountsModule } from '@api/accounts/accounts.module';
import { OrganizersController } from './organizers.controller';
import { OrganizersRepository } from './organizers.repository';
import { OrganizersService } from './organizers.service';

/** Depends on accounts only, so that the competitions module may import it to answer isOrganizer. */
@Module({
  imports: [AccountsModule],
  controllers: [OrganizersController],
  providers: [OrganizersRepository, OrganizersService],
  exports: [OrganizersService],
})
export class OrganizersModule {}
