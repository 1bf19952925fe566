import { ApiProperty } from '@nestjs/swagger';

export class CompetitionStorageUseDto {
  @ApiProperty() competitionId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'Bytes counted against the quota' }) usedBytes!: number;
  @ApiProperty({ description: 'Uploads counted' }) submissions!: number;
  @ApiProperty() quotaBytes!: number;
}

export class MyStorageDto {
  @ApiProperty({ description: 'What counts against a quota' }) counts!: string;
  @ApiProperty({ type: [CompetitionStorageUseDto] }) competitions!: CompetitionStorageUseDto[];
}

export class ParticipantStorageDto {
  @ApiProperty() userId!: string;
  @ApiProperty() username!: string;
  @ApiProperty() usedBytes!: number;
  @ApiProperty() submissions!: number;
}

export class CompetitionStorageDto {
  @ApiProperty({ description: 'The quota of each participant' }) quotaBytes!: number;
  @ApiProperty() counts!: string;
  @ApiProperty({ type: [ParticipantStorageDto] }) participants!: ParticipantStorageDto[];
}
