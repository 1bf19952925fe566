import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser } from '@api/common/auth.decorators';
import { CreateTeamDto, InviteDto, MyTeamsDto, TeamDto } from './dto/team.dto';
import { TeamsService, type TeamView } from './teams.service';

@ApiTags('teams')
@Controller()
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Post('competitions/:competitionId/teams')
  @Authenticated()
  @ApiCreatedResponse({
    type: TeamDto,
    description: 'The caller becomes its captain; status pending where the competition requires approval',
  })
  @ApiForbiddenResponse({ description: 'Not an approved participant, or the competition has no teams' })
  @ApiConflictResponse({ description: 'Already in a team of this competition, or the name is taken' })
  @ApiNotFoundResponse()
  async create(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateTeamDto,
  ): Promise<TeamDto> {
    return toDto(await this.teams.create(competitionId, user, dto.name));
  }

  @Get('competitions/:competitionId/teams')
  @Authenticated()
  @ApiOkResponse({ type: [TeamDto], description: 'Every team with its members and approval status (organizers)' })
  @ApiForbiddenResponse({ description: 'Not an organizer' })
  @ApiNotFoundResponse()
  async list(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<TeamDto[]> {
    return (await this.teams.list(competitionId, user)).map(toDto);
  }

  @Get('competitions/:competitionId/teams/mine')
  @Authenticated()
  @ApiOkResponse({
    type: MyTeamsDto,
    description: "The caller's team (with its approval status) and their invitations",
  })
  @ApiNotFoundResponse()
  async mine(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<MyTeamsDto> {
    const { team, invitations } = await this.teams.mine(competitionId, user);
    return { team: team && toDto(team), invitations: invitations.map(toDto) };
  }

  @Post('teams/:teamId/approve')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: TeamDto, description: 'The team may submit as a team (competitions that require approval)' })
  @ApiNotFoundResponse({ description: 'No such team, or not an organizer of its competition' })
  async approve(@Param('teamId', ParseUUIDPipe) teamId: string, @CurrentUser() user: AuthUser): Promise<TeamDto> {
    return toDto(await this.teams.decide(teamId, user, 'approve'));
  }

  @Post('teams/:teamId/deny')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: TeamDto, description: 'The team may not submit as a team until approved' })
  @ApiNotFoundResponse({ description: 'No such team, or not an organizer of its competition' })
  async deny(@Param('teamId', ParseUUIDPipe) teamId: string, @CurrentUser() user: AuthUser): Promise<TeamDto> {
    return toDto(await this.teams.decide(teamId, user, 'deny'));
  }

  @Get('teams/:teamId')
  @Authenticated()
  @ApiOkResponse({ type: TeamDto })
  @ApiNotFoundResponse({ description: 'No such team, or neither a member nor an organizer' })
  async get(@Param('teamId', ParseUUIDPipe) teamId: string, @CurrentUser() user: AuthUser): Promise<TeamDto> {
    return toDto(await this.teams.get(teamId, user));
  }

  @Post('teams/:teamId/invitations')
  @Authenticated()
  @ApiCreatedResponse({ type: TeamDto })
  @ApiForbiddenResponse({ description: 'Not the captain' })
  @ApiConflictResponse({ description: 'Already invited or a member' })
  @ApiNotFoundResponse()
  async invite(
    @Param('teamId', ParseUUIDPipe) teamId: string,
    @CurrentUser() user: AuthUser,
    @Body() dto: InviteDto,
  ): Promise<TeamDto> {
    return toDto(await this.teams.invite(teamId, user, dto.username));
  }

  @Post('teams/:teamId/accept')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: TeamDto })
  @ApiForbiddenResponse({ description: 'Not an approved participant' })
  @ApiConflictResponse({ description: 'Already in another team of this competition' })
  @ApiNotFoundResponse({ description: 'No such team, or no invitation' })
  async accept(@Param('teamId', ParseUUIDPipe) teamId: string, @CurrentUser() user: AuthUser): Promise<TeamDto> {
    return toDto(await this.teams.accept(teamId, user));
  }

  @Delete('teams/:teamId/members/:userId')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse({ description: 'Removed (or left, or declined)' })
  @ApiForbiddenResponse({ description: 'Not the captain' })
  @ApiConflictResponse({ description: 'The captain cannot leave' })
  @ApiNotFoundResponse()
  async remove(
    @Param('teamId', ParseUUIDPipe) teamId: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    await this.teams.remove(teamId, user, userId);
  }
}

function toDto(v: TeamView): TeamDto {
  const t = v.team;
  return {
    id: t.id,
    competitionId: t.competitionId,
    name: t.name,
    captainId: t.captainId,
    status: t.status,
    createdAt: t.createdAt,
    members: v.members,
  };
}
