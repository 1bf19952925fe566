import { Controller, Get, HttpCode, type MessageEvent, Param, ParseUUIDPipe, Post, Sse } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser } from '@api/common/auth.decorators';
import { RunControlService } from './run-control.service';

class QueuePositionDto {
  @ApiProperty() submissionId!: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Runs that go before it in its queue; null once it started',
  })
  position!: number | null;
}

@ApiTags('submissions')
@Controller('submissions/:id')
export class RunControlController {
  constructor(private readonly control: RunControlService) {}

  @Get('queue-position')
  @Authenticated()
  @ApiOkResponse({ type: QueuePositionDto })
  @ApiNotFoundResponse({ description: 'No such submission, or neither yours nor of a competition you organize' })
  queuePosition(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<QueuePositionDto> {
    return this.control.queuePosition(user, id);
  }

  @Get('logs/live')
  @Authenticated()
  @Sse()
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'Server-sent events: `log` ({runId, stream, text}) as the program writes, then `end` ({status})',
  })
  @ApiForbiddenResponse({
    description: 'Refused as the stored logs are: phase settings, results hidden until revealed, hidden columns',
  })
  async followLogs(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<Observable<MessageEvent>> {
    const events = await this.control.followLogs(user, id);
    return events.pipe(map((e) => ({ type: e.type, data: e.data }) as MessageEvent));
  }

  @Post('cancel')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse({ description: 'Cancelled; a running container is stopped within one worker heartbeat' })
  @ApiNotFoundResponse({ description: 'No such submission, or neither yours nor of a competition you organize' })
  @ApiConflictResponse({ description: 'The submission has already ended' })
  cancel(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.control.cancel(user, id);
  }
}
