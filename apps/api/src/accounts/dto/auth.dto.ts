import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { USERNAME_PATTERN, USERNAME_RULE } from '../username-rules';

export class SignUpDto {
  @ApiProperty({
    example: 'ada@example.org',
    description:
      'Stored normalized (NFKC, domain in lower case); refused when a part mixes look-alike alphabets (Latin and Cyrillic...)',
  })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({
    example: 'ada',
    description:
      'Letters, digits, dot, dash and underscore, starting and ending with a letter or digit; 2 to 40 characters; a few names are reserved (admin, api, me, default, ...)',
  })
  @Matches(USERNAME_PATTERN, { message: USERNAME_RULE })
  username!: string;

  @ApiProperty({
    minLength: 8,
    description: 'At least 8 characters and at most 72 bytes in UTF-8 (bcrypt ignores what follows)',
  })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password!: string;
}

export class LoginDto {
  @ApiProperty({ description: 'Email or username' })
  @IsString()
  @MaxLength(254)
  login!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(200)
  password!: string;
}

export class UserDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() isAdmin!: boolean;
}

export class MeDto extends UserDto {
  @ApiProperty() email!: string;
  @ApiProperty({ description: 'Confirmed by its link, an invitation, or the identity provider' })
  emailConfirmed!: boolean;
  @ApiProperty({ description: 'An admin made the user an organizer (ORGANIZER_RIGHTS=restricted)' })
  isOrganizer!: boolean;
  @ApiProperty({ description: 'May upload competitions (everyone unless ORGANIZER_RIGHTS=restricted)' })
  canCreateCompetitions!: boolean;
  @ApiProperty({ type: [String], description: 'Groups the identity provider listed at the last sign-in through it' })
  idpGroups!: string[];
  @ApiProperty({ description: 'Mail me when one of my submissions finishes or fails (PUT me/mail-preferences)' })
  notifySubmissions!: boolean;
}

export class SessionDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({ description: 'Bearer token: send as `Authorization: Bearer <token>`' }) token!: string;
}

export class TokenDto {
  @ApiProperty({ description: 'The token from the mail' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token!: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'ada@example.org' })
  @IsEmail()
  @MaxLength(254)
  email!: string;
}

export class PasswordResetDto extends TokenDto {
  @ApiProperty({
    minLength: 8,
    description: 'At least 8 characters and at most 72 bytes in UTF-8 (bcrypt ignores what follows)',
  })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password!: string;
}
