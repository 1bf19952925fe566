import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const PHASE_FILE_KINDS = [
  'public_data',
  'starting_kit',
  'scoring_program',
  'ingestion_program',
  'input_data',
  'solution',
  'link',
] as const;

export class PhaseFileDto {
  @ApiProperty({
    description:
      'Stable name to download it by: public_data, starting_kit, scoring_program, ingestion_program, input_data ' +
      '(with -<task index> when the phase has several tasks), or dataset-<n> for a CodaLab v1 dataset link',
  })
  name!: string;
  @ApiProperty({ enum: PHASE_FILE_KINDS }) kind!: string;
  @ApiProperty() title!: string;
  @ApiPropertyOptional({ description: 'What the organizers wrote of it: CodaLab v1 dataset links, solutions' })
  description?: string;
  @ApiPropertyOptional({ description: 'Bytes of the zip (files only)' }) size?: number;
  @ApiPropertyOptional({ description: 'SHA-256 of the zip, hex (files only); also its ETag' }) sha256?: string;
  @ApiPropertyOptional({ description: 'Organizers only: downloads started from the first byte (files only)' })
  downloads?: number;
  @ApiProperty({ description: 'Where to get it: the API download path of a file, or the address of a link' })
  url!: string;
}

export class PhaseFilesDto {
  @ApiProperty() phaseId!: string;
  @ApiProperty({ description: 'The organizers made these files downloadable by anyone, even signed out' })
  filesPublic!: boolean;
  @ApiProperty({ type: [PhaseFileDto] }) files!: PhaseFileDto[];
}

export class PhaseFileLinkDto {
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'A short-lived storage URL to open directly (S3 storage); null: download the file from its url',
  })
  url!: string | null;
  @ApiProperty({ nullable: true, type: Date }) expiresAt!: Date | null;
}
