import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { VISIBILITIES, type Visibility } from '../entities/competition.entity';

export class JoinRulesDto {
  @ApiProperty({ type: [String], description: 'E-mail domains whose confirmed addresses may register (exact match)' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(253, { each: true })
  emailDomains!: string[];

  @ApiProperty({
    type: [String],
    description: 'Groups of the identity provider (OIDC_GROUPS_CLAIM) whose members may register',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  idpGroups!: string[];
}

export class SetCompetitionVisibilityDto {
  @ApiProperty({
    enum: VISIBILITIES,
    description:
      'draft: organizers only; unlisted: whoever has the secret link, not listed or searchable; public: everyone; ' +
      'private: approved participants and invitees, and users the join rules admit',
  })
  @IsIn(VISIBILITIES)
  visibility!: Visibility;
}

export class CompetitionAccessDto {
  @ApiProperty({ enum: VISIBILITIES }) visibility!: Visibility;
  @ApiProperty({
    description:
      'The secret of the unlisted link: /competitions/{id}?key=<accessKey> (header X-Competition-Key in the API)',
  })
  accessKey!: string;
  @ApiProperty({ nullable: true, type: Date, description: 'Read-only since then; null while active' })
  archivedAt!: Date | null;
  @ApiProperty({ type: JoinRulesDto }) joinRules!: JoinRulesDto;
}
