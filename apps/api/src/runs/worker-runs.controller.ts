import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Req, StreamableFile } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { LOG_STREAMS, type LogStream, RUN_FILE_NAMES, type RunFileName } from '@arena/worker-protocol';
import { WorkerRunAuth } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain.error';
import { WorkerRunsService } from './worker-runs.service';

/** The routes of libs/worker-protocol `workerRoutes`; each needs the job token of the run in the path. */
@ApiTags('worker')
@Controller('worker/runs/:runId')
@WorkerRunAuth()
export class WorkerRunsController {
  constructor(private readonly service: WorkerRunsService) {}

  @Post('start')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The run may go on' })
  @ApiConflictResponse({ description: 'The run already ended: ack the job and skip it' })
  start(@Param('runId', ParseUUIDPipe) runId: string, @Body() body: unknown) {
    return this.service.start(runId, body);
  }

  @Post('heartbeat')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The lease is renewed' })
  @ApiConflictResponse({ description: 'The run was taken back (lease expired) or ended: kill the container, ack, report nothing' })
  heartbeat(@Param('runId', ParseUUIDPipe) runId: string, @Body() body: unknown) {
    return this.service.heartbeat(runId, body);
  }

  @Get('files/:name')
  async file(@Param('runId', ParseUUIDPipe) runId: string, @Param('name') name: string): Promise<StreamableFile> {
    if (!(RUN_FILE_NAMES as readonly string[]).includes(name)) throw new DomainError('bad_request', `unknown run file ${name}`);
    return new StreamableFile(await this.service.file(runId, name as RunFileName), { type: 'application/zip' });
  }

  @Put('output')
  @HttpCode(204)
  async output(@Param('runId', ParseUUIDPipe) runId: string, @Req() req: Request): Promise<void> {
    await this.service.putOutput(runId, req);
  }

  @Put('logs/:stream')
  @HttpCode(204)
  async logs(@Param('runId', ParseUUIDPipe) runId: string, @Param('stream') stream: string, @Req() req: Request): Promise<void> {
    if (!(LOG_STREAMS as readonly string[]).includes(stream)) throw new DomainError('bad_request', `unknown log stream ${stream}`);
    await this.service.putLog(runId, stream as LogStream, req);
  }

  @Post('result')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Stored, or already stored before (a repeat changes nothing)' })
  result(@Param('runId', ParseUUIDPipe) runId: string, @Body() body: unknown) {
    return this.service.result(runId, body);
  }
}
