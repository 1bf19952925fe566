import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiConflictResponse, ApiNotModifiedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
  @ApiConflictResponse({
    description: 'The run was taken back (lease expired) or ended: kill the container, ack, report nothing',
  })
  heartbeat(@Param('runId', ParseUUIDPipe) runId: string, @Body() body: unknown) {
    return this.service.heartbeat(runId, body);
  }

  @Get('files/:name')
  @ApiOkResponse({ description: 'The zip; programs and data carry an ETag (their sha256)' })
  @ApiNotModifiedResponse({ description: "If-None-Match named the current ETag: the worker's cached copy is current" })
  async file(
    @Param('runId', ParseUUIDPipe) runId: string,
    @Param('name') name: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<StreamableFile | undefined> {
    if (!(RUN_FILE_NAMES as readonly string[]).includes(name)) {
      throw new DomainError('bad_request', `unknown run file ${name}`);
    }
    const { body, etag } = await this.service.file(runId, name as RunFileName, ifNoneMatch);
    if (etag) {
      void res.header('ETag', etag);
    }
    if (!body) {
      void res.code(304);
      return undefined;
    }
    return new StreamableFile(body, { type: 'application/zip' });
  }

  @Put('output')
  @HttpCode(204)
  async output(@Param('runId', ParseUUIDPipe) runId: string, @Req() req: FastifyRequest): Promise<void> {
    await this.service.putOutput(runId, req.raw);
  }

  @Put('logs/:stream')
  @HttpCode(204)
  async logs(
    @Param('runId', ParseUUIDPipe) runId: string,
    @Param('stream') stream: string,
    @Req() req: FastifyRequest,
  ): Promise<void> {
    if (!(LOG_STREAMS as readonly string[]).includes(stream)) {
      throw new DomainError('bad_request', `unknown log stream ${stream}`);
    }
    await this.service.putLog(runId, stream as LogStream, req.raw);
  }

  @Post('logs/:stream/append')
  @HttpCode(200)
  @ApiOkResponse({ description: '`{ length, stored }`: a chunk not starting at `length` is not stored' })
  appendLog(
    @Param('runId', ParseUUIDPipe) runId: string,
    @Param('stream') stream: string,
    @Headers('x-log-offset') offset: string | undefined,
    @Req() req: FastifyRequest,
  ) {
    if (!(LOG_STREAMS as readonly string[]).includes(stream)) {
      throw new DomainError('bad_request', `unknown log stream ${stream}`);
    }
    const at = Number(offset);
    if (!Number.isSafeInteger(at) || at < 0) {
      throw new DomainError('bad_request', 'header x-log-offset must be a byte offset');
    }
    return this.service.appendLog(runId, stream as LogStream, at, req.raw);
  }

  @Post('result')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Stored, or already stored before (a repeat changes nothing)' })
  result(@Param('runId', ParseUUIDPipe) runId: string, @Body() body: unknown) {
    return this.service.result(runId, body);
  }
}
