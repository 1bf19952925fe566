import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class AdminListQueryDto {
  @ApiPropertyOptional({ description: 'Searched in usernames and e-mail addresses (users) or titles (competitions)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class AdminUserDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() email!: string;
  @ApiProperty() emailConfirmed!: boolean;
  @ApiProperty() isAdmin!: boolean;
  @ApiProperty({ description: 'May create competitions where ORGANIZER_RIGHTS=restricted' }) isOrganizer!: boolean;
  @ApiProperty({ nullable: true, type: Date, description: 'Disabled since then: no sign-in, no token works' })
  disabledAt!: Date | null;
  @ApiProperty({ description: 'Signs in through the identity provider' }) identityProvider!: boolean;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) lastLoginAt!: Date | null;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() disabled?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isAdmin?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isOrganizer?: boolean;
}

export class AdminCompetitionDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['draft', 'unlisted', 'public', 'private'] }) visibility!: string;
  @ApiProperty({ nullable: true, type: Date }) archivedAt!: Date | null;
  @ApiProperty() ownerId!: string;
  @ApiProperty() ownerUsername!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ description: 'Latest of: an edit, a submission, a registration' }) lastActivityAt!: Date;
  @ApiProperty() participants!: number;
  @ApiProperty() submissions!: number;
  @ApiProperty({ description: "Bytes of its submissions' files" }) submissionBytes!: number;
  @ApiProperty({ description: 'Bytes of the datasets (programs, data) its tasks and phases name' })
  datasetBytes!: number;
}

export class StorageKindDto {
  @ApiProperty({
    description: 'competitions (bundles, logos), datasets, submissions, runs (outputs, logs), uploads, other',
  })
  kind!: string;
  @ApiProperty() objects!: number;
  @ApiProperty() bytes!: number;
}

export class StorageReportDto {
  @ApiProperty() objects!: number;
  @ApiProperty() bytes!: number;
  @ApiProperty({ type: [StorageKindDto] }) byKind!: StorageKindDto[];
  @ApiProperty({ description: 'Objects no row names, older than the grace period: what a cleanup removes' })
  orphanObjects!: number;
  @ApiProperty() orphanBytes!: number;
  @ApiProperty({ description: 'Objects whose rows are gone, still queued for deletion (the store refused so far)' })
  pendingDeletions!: number;
  @ApiProperty({ description: 'Objects younger than this are never orphans: an upload may not have its row yet' })
  graceHours!: number;
}

export class CleanupDto {
  @ApiPropertyOptional({ minimum: 1, description: 'Only objects older than this many hours (24 when absent)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(8760)
  olderThanHours?: number;
}

export class CleanupResultDto {
  @ApiProperty() removedObjects!: number;
  @ApiProperty() removedBytes!: number;
}
