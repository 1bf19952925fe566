import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';

export class AddCollaboratorDto {
  @ApiProperty({ example: 'grace' })
  @Matches(/^[A-Za-z0-9._-]{2,40}$/, {
    message: 'username must be 2 to 40 letters, digits, dots, dashes or underscores',
  })
  username!: string;
}

export class CollaboratorDto {
  @ApiProperty() userId!: string;
  @ApiProperty() username!: string;
  @ApiProperty() addedAt!: Date;
}

export class CompetitionSettingsDto {
  @ApiProperty({ example: 'Pacific/Auckland', description: 'IANA time zone of phase dates and daily limits' })
  timeZone!: string;
  @ApiProperty({ description: 'Failed and cancelled submissions count against the limits' })
  countFailedSubmissions!: boolean;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Submissions of one entrant in flight at once; null: unlimited',
  })
  maxConcurrentSubmissions!: number | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: "Storage per participant's uploads, in MB; null: the platform default",
  })
  storageQuotaMb!: number | null;
}

export class UpdateCompetitionSettingsDto {
  @ApiPropertyOptional({ example: 'Pacific/Auckland' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  countFailedSubmissions?: boolean;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1 })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(1000)
  maxConcurrentSubmissions?: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 1, description: 'null: back to the platform default' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  storageQuotaMb?: number | null;
}
