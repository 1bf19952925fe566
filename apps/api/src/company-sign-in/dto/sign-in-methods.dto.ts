import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SessionDto } from '@api/accounts/dto/auth.dto';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class IdentityProviderDto {
  @ApiProperty({ description: 'What the sign-in button names (OIDC_PROVIDER_NAME)' }) name!: string;
  @ApiProperty({ description: 'Where the browser goes to sign in: add ?next=/path to come back there' })
  loginUrl!: string;
}

export class SignInMethodsDto {
  @ApiProperty({ description: 'Local passwords (sign-in, sign-up, reset) are on' }) password!: boolean;
  @ApiProperty({ type: IdentityProviderDto, nullable: true }) identityProvider!: IdentityProviderDto | null;
}

export class HandoffDto {
  @ApiProperty({ description: 'The one-time code the provider sign-in ended with (valid two minutes)' })
  @IsString()
  @MaxLength(100)
  code!: string;
}

export class OidcLoginQueryDto {
  @ApiPropertyOptional({ description: 'A path of this site to come back to after signing in' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  next?: string;
}

export class ProviderSessionDto extends SessionDto {
  @ApiProperty({ description: 'The path the sign-in was started from, to go back to' }) next!: string;
}
