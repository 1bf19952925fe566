import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class CreateTeamDto {
  @ApiProperty({ example: 'Gradient Descenders' })
  @IsString()
  @MinLength(2)
  @MaxLength(80)
  name!: string;
}

export class InviteDto {
  @ApiProperty({ example: 'grace' })
  @Matches(/^[A-Za-z0-9._-]{2,40}$/, {
    message: 'username must be 2 to 40 letters, digits, dots, dashes or underscores',
  })
  username!: string;
}

export class TeamMemberDto {
  @ApiProperty() userId!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ enum: ['invited', 'member'] }) status!: string;
}

export class TeamDto {
  @ApiProperty() id!: string;
  @ApiProperty() competitionId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() captainId!: string;
  @ApiProperty({ enum: ['pending', 'approved', 'denied'], description: 'Only an approved team submits as a team' })
  status!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: [TeamMemberDto] }) members!: TeamMemberDto[];
}

export class MyTeamsDto {
  @ApiProperty({ type: TeamDto, nullable: true, description: 'The team the caller is a member of; null: none' })
  team!: TeamDto | null;
  @ApiProperty({
    type: [TeamDto],
    description: 'Teams that invited the caller (accept with POST /api/teams/{id}/accept)',
  })
  invitations!: TeamDto[];
}
