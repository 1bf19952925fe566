import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser } from '@api/common/auth.decorators';
import { HeldRunsService } from './held-runs.service';

class ReleasedRunsDto {
  @ApiProperty({ description: 'Runs sent to the queues' }) released!: number;
}

/** Organizers run the submissions of a competition that does not run them automatically (auto_run_submissions). */
@ApiTags('submissions')
@Controller()
export class HeldRunsController {
  constructor(private readonly held: HeldRunsService) {}

  @Post('submissions/:id/run')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: ReleasedRunsDto })
  @ApiNotFoundResponse({ description: 'No such submission, or not an organizer of its competition' })
  @ApiConflictResponse({ description: 'The submission is not waiting to be run' })
  run(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<ReleasedRunsDto> {
    return this.held.runSubmission(user, id);
  }

  @Post('phases/:phaseId/run-held')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({
    type: ReleasedRunsDto,
    description: 'Every submission of the phase that waited is sent to the queues',
  })
  @ApiForbiddenResponse({ description: 'Not an organizer' })
  @ApiNotFoundResponse()
  runPhase(@CurrentUser() user: AuthUser, @Param('phaseId', ParseUUIDPipe) phaseId: string): Promise<ReleasedRunsDto> {
    return this.held.runPhase(user, phaseId);
  }
}
