import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { VISIBILITIES, type Visibility } from '../entities/competition.entity';
import { ListQueryDto } from './competition.dto';

export const CATALOGUE_STATUSES = ['open', 'upcoming', 'ended'] as const;
export type CatalogueStatus = (typeof CATALOGUE_STATUSES)[number];
export const CATALOGUE_SORTS = ['newest', 'ending', 'title', 'participants'] as const;
export type CatalogueSort = (typeof CATALOGUE_SORTS)[number];

export class CompetitionCatalogueQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'Case-insensitive search in title, description and organizer' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({
    enum: CATALOGUE_STATUSES,
    description: 'open: its first phase has started and its last has not ended; upcoming; ended',
  })
  @IsOptional()
  @IsIn(CATALOGUE_STATUSES)
  status?: CatalogueStatus;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'Only those the caller organizes or takes part in (approved or pending); sign-in required',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  mine?: boolean;

  @ApiPropertyOptional({
    enum: CATALOGUE_SORTS,
    default: 'newest',
    description: 'newest created first; ending: soonest end first (no end last); title; most participants first',
  })
  @IsOptional()
  @IsIn(CATALOGUE_SORTS)
  sort: CatalogueSort = 'newest';
}

export class CompetitionCardDto {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: VISIBILITIES }) visibility!: Visibility;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) archivedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String, description: "The bundle's image, when it has one" })
  logoUrl!: string | null;
  @ApiProperty({ description: "The creator's username" }) organizer!: string;
  @ApiProperty({ enum: CATALOGUE_STATUSES }) status!: CatalogueStatus;
  @ApiProperty({ description: "The first phase's start" }) startAt!: Date;
  @ApiProperty({ nullable: true, type: Date, description: "The last phase's end; null: no end" }) endAt!: Date | null;
  @ApiProperty({ description: 'Approved participants' }) participantCount!: number;
  @ApiProperty() submissionCount!: number;
  @ApiProperty({ description: 'The caller organizes it' }) isOrganizer!: boolean;
}

export class CompetitionCatalogueDto {
  @ApiProperty({ type: [CompetitionCardDto] }) items!: CompetitionCardDto[];
  @ApiProperty({ description: 'How many match the query in all (for pagination)' }) total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
