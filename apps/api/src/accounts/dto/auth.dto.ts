import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class SignUpDto {
  @ApiProperty({ example: 'ada@example.org' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'ada', description: 'Letters, digits, dot, dash and underscore; 2 to 40 characters' })
  @Matches(/^[A-Za-z0-9._-]{2,40}$/, { message: 'username must be 2 to 40 letters, digits, dots, dashes or underscores' })
  username!: string;

  @ApiProperty({ minLength: 8 })
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
  @ApiProperty({ minLength: 8 })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password!: string;
}
