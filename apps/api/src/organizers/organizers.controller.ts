import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser } from '@api/common/auth.decorators';
import {
  AddCollaboratorDto,
  CollaboratorDto,
  CompetitionSettingsDto,
  UpdateCompetitionSettingsDto,
} from './dto/organizers.dto';
import { OrganizersService } from './organizers.service';

@ApiTags('organizers')
@Controller('competitions/:competitionId')
export class OrganizersController {
  constructor(private readonly organizers: OrganizersService) {}

  @Get('collaborators')
  @Authenticated()
  @ApiOkResponse({ type: [CollaboratorDto] })
  @ApiForbiddenResponse({ description: 'Not an organizer' })
  @ApiNotFoundResponse()
  list(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<CollaboratorDto[]> {
    return this.organizers.collaborators(competitionId, user);
  }

  @Post('collaborators')
  @Authenticated()
  @ApiCreatedResponse({ type: [CollaboratorDto], description: 'The collaborators after the addition' })
  @ApiForbiddenResponse({ description: 'Not the creator or an admin' })
  @ApiNotFoundResponse({ description: 'No such competition or user' })
  add(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @CurrentUser() user: AuthUser,
    @Body() dto: AddCollaboratorDto,
  ): Promise<CollaboratorDto[]> {
    return this.organizers.addCollaborator(competitionId, user, dto.username);
  }

  @Delete('collaborators/:userId')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'Not the creator or an admin' })
  @ApiNotFoundResponse()
  async remove(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    await this.organizers.removeCollaborator(competitionId, user, userId);
  }

  @Get('settings')
  @Authenticated()
  @ApiOkResponse({ type: CompetitionSettingsDto })
  @ApiForbiddenResponse({ description: 'Not an organizer' })
  @ApiNotFoundResponse()
  async settings(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<CompetitionSettingsDto> {
    await this.organizers.requireOrganizer(competitionId, user);
    return this.organizers.settings(competitionId);
  }

  @Patch('settings')
  @Authenticated()
  @ApiOkResponse({ type: CompetitionSettingsDto })
  @ApiBadRequestResponse({ description: 'Unknown time zone' })
  @ApiForbiddenResponse({ description: 'Not an organizer' })
  @ApiNotFoundResponse()
  update(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @CurrentUser() user: AuthUser,
    @Body() dto: UpdateCompetitionSettingsDto,
  ): Promise<CompetitionSettingsDto> {
    return this.organizers.updateSettings(competitionId, user, dto);
  }
}
