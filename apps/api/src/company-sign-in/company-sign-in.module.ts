import { Module } from '@nestjs/common';
import { AccountsModule } from '@api/accounts/accounts.module';
import { CompanySignInController } from './company-sign-in.controller';
import { CompanySignInRepository } from './company-sign-in.repository';
import { CompanySignInService } from './company-sign-in.service';

/** OpenID Connect sign-in against the company's identity provider (OIDC_* variables). */
@Module({
  imports: [AccountsModule],
  controllers: [CompanySignInController],
  providers: [CompanySignInRepository, CompanySignInService],
})
export class CompanySignInModule {}
