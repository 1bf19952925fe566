import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser } from '@api/common/auth.decorators';
import { AllowedWhenArchived } from '@api/competition-access/competition-scope.guard';
import { CompetitionLifecycleService } from './competition-lifecycle.service';
import { CompetitionAccessDto, JoinRulesDto, SetCompetitionVisibilityDto } from './dto/competition-access.dto';

/** Visibility, secret link, join rules, archiving and deletion: the competition's organizers only. */
@ApiTags('competitions')
@Controller('competitions/:id')
@Authenticated()
export class CompetitionLifecycleController {
  constructor(private readonly lifecycle: CompetitionLifecycleService) {}

  @Get('access')
  @ApiOkResponse({ type: CompetitionAccessDto })
  @ApiNotFoundResponse()
  access(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<CompetitionAccessDto> {
    return this.lifecycle.get(id, user);
  }

  @Put('visibility')
  @AllowedWhenArchived()
  @ApiOkResponse({ type: CompetitionAccessDto })
  @ApiNotFoundResponse()
  setVisibility(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: SetCompetitionVisibilityDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CompetitionAccessDto> {
    return this.lifecycle.setVisibility(id, user, dto.visibility);
  }

  @Post('access-key')
  @HttpCode(200)
  @ApiOkResponse({ type: CompetitionAccessDto, description: 'A new secret link; the old one stops working' })
  rotateKey(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<CompetitionAccessDto> {
    return this.lifecycle.rotateKey(id, user);
  }

  @Put('join-rules')
  @ApiOkResponse({ type: CompetitionAccessDto })
  setJoinRules(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: JoinRulesDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CompetitionAccessDto> {
    return this.lifecycle.setJoinRules(id, user, dto);
  }

  @Post('archive')
  @HttpCode(200)
  @ApiOkResponse({
    type: CompetitionAccessDto,
    description: 'Read-only: boards and results stay; no submission, registration or edit',
  })
  archive(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<CompetitionAccessDto> {
    return this.lifecycle.setArchived(id, user, true);
  }

  @Delete('archive')
  @AllowedWhenArchived()
  @ApiOkResponse({ type: CompetitionAccessDto, description: 'Active again' })
  unarchive(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<CompetitionAccessDto> {
    return this.lifecycle.setArchived(id, user, false);
  }
}

/** `DELETE /api/competitions/{id}`, beside the routes of CompetitionsController. */
@ApiTags('competitions')
@Controller('competitions')
export class CompetitionDeletionController {
  constructor(private readonly lifecycle: CompetitionLifecycleService) {}

  @Delete(':id')
  @HttpCode(204)
  @Authenticated()
  @AllowedWhenArchived()
  @ApiNoContentResponse({
    description: 'Deleted with everything it held: rows, stored files, datasets no other competition uses',
  })
  @ApiForbiddenResponse({ description: 'Only the creator or an admin may delete it' })
  @ApiConflictResponse({ description: 'Runs are queued or running' })
  @ApiNotFoundResponse()
  async delete(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.lifecycle.delete(id, user);
  }
}
