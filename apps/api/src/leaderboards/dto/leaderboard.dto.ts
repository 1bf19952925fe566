import { ApiProperty } from '@nestjs/swagger';
import { LeaderboardColumnDto } from '@api/competitions/dto/competition.dto';

export class LeaderboardRowDto {
  @ApiProperty({ nullable: true, type: Number, description: 'Shared by tied rows; null when the primary score is missing' })
  rank!: number | null;
  @ApiProperty() participant!: string;
  @ApiProperty() submissionId!: string;
  @ApiProperty() submittedAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number', nullable: true } })
  scores!: Record<string, number | null>;
}

export class LeaderboardDto {
  @ApiProperty() key!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'Key of the column that ranks the board' }) primaryKey!: string;
  @ApiProperty() submissionRule!: string;
  @ApiProperty({ type: [LeaderboardColumnDto] }) columns!: LeaderboardColumnDto[];
  @ApiProperty({ type: [LeaderboardRowDto] }) rows!: LeaderboardRowDto[];
}

export class PhaseLeaderboardsDto {
  @ApiProperty() phaseId!: string;
  @ApiProperty() competitionId!: string;
  @ApiProperty({ type: [LeaderboardDto], description: 'Every leaderboard of the phase the caller may see' })
  leaderboards!: LeaderboardDto[];
}
