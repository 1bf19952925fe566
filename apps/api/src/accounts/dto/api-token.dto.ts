import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class CreateApiTokenDto {
  @ApiProperty({ example: 'nightly-submitter', description: 'What the token is for, shown in the list' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ description: 'Days until the token expires; never when absent', minimum: 1, maximum: 3650 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  expiresInDays?: number;
}

export class ApiTokenDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) lastUsedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) expiresAt!: Date | null;
}

export class CreatedApiTokenDto extends ApiTokenDto {
  @ApiProperty({
    description: 'The token itself, shown only in this response: send as `Authorization: Bearer <token>`',
  })
  token!: string;
}

export class MailPreferencesDto {
  @ApiProperty({ description: 'Mail me when one of my submissions finishes or fails' })
  @IsBoolean()
  notifySubmissions!: boolean;
}
