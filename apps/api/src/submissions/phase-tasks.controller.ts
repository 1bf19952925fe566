import { Body, Controller, Delete, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser } from '@api/common/auth.decorators';
import { AddPhaseTaskDto, PhaseTaskAddedDto, PhaseTaskRemovedDto } from './dto/phase-task.dto';
import { PhaseTasksService } from './phase-tasks.service';

@ApiTags('competitions')
@Controller('phases/:phaseId/tasks')
export class PhaseTasksController {
  constructor(private readonly tasks: PhaseTasksService) {}

  @Post()
  @Authenticated()
  @ApiCreatedResponse({
    type: PhaseTaskAddedDto,
    description: "Adds one of the competition's tasks to the phase and runs the chosen submissions on it (organizers)",
  })
  @ApiForbiddenResponse({ description: 'Not an organizer' })
  @ApiNotFoundResponse({ description: 'No such phase, or no task with that index' })
  @ApiConflictResponse({ description: 'The task is already in the phase, or has no scoring program' })
  add(
    @Param('phaseId', ParseUUIDPipe) phaseId: string,
    @Body() body: AddPhaseTaskDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PhaseTaskAddedDto> {
    return this.tasks.add(user, phaseId, body.taskIndex, body.submissions ?? 'kept');
  }

  @Delete(':taskId')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({
    type: PhaseTaskRemovedDto,
    description: 'Takes the task off the phase; its ended runs and their scores stay (organizers)',
  })
  @ApiForbiddenResponse({ description: 'Not an organizer' })
  @ApiNotFoundResponse({ description: 'No such phase, or the task is not in it' })
  @ApiConflictResponse({ description: 'The task is the only one of the phase' })
  remove(
    @Param('phaseId', ParseUUIDPipe) phaseId: string,
    @Param('taskId', ParseUUIDPipe) taskId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<PhaseTaskRemovedDto> {
    return this.tasks.remove(user, phaseId, taskId);
  }
}
