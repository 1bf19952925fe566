import {
  Body,
  Controller,
  Get,
  Headers,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain.error';
import { FileUpload, requireFile, UPLOADED_FILE, type UploadedFileInfo } from '@api/common/upload';
import { ListQueryDto } from '@api/competitions/dto/competition.dto';
import { SubmissionResultsFilter } from '@api/leaderboards/submission-results.filter';
import { UploadsService } from '@api/uploads/uploads.service';
import {
  CreateSubmissionDto,
  LimitRefusalDto,
  SetVisibilityDto,
  SubmissionDto,
  SubmissionUsageDto,
  UsageQueryDto,
} from './dto/submission.dto';
import { QuotaPrecheckInterceptor } from './quota-precheck.interceptor';
import { RetryAfterInterceptor } from './retry-after.interceptor';
import { toSubmissionDto } from './submission.mapper';
import { SubmissionsService } from './submissions.service';

@ApiTags('submissions')
@Controller()
export class SubmissionsController {
  constructor(
    private readonly submissions: SubmissionsService,
    private readonly results: SubmissionResultsFilter,
    private readonly uploads: UploadsService,
  ) {}

  @Post('phases/:phaseId/submissions')
  @Authenticated()
  @UseInterceptors(RetryAfterInterceptor, QuotaPrecheckInterceptor, FileUpload('file', (c) => c.maxSubmissionBytes))
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({
    type: CreateSubmissionDto,
    description: 'The zip as `file`, or the id of a completed upload as `uploadId`',
  })
  @ApiCreatedResponse({ type: SubmissionDto })
  @ApiResponse({ status: 413, description: 'The upload would exceed the storage quota (checked before it is stored)' })
  @ApiBadRequestResponse({
    description: 'Not a zip, an unsafe zip, or a fact-sheet answer that does not fit (details.key names it)',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Any unique string per intended submission: a retry with the same key returns the same submission',
  })
  @ApiForbiddenResponse({ description: 'Not registered, registration not approved, or not a member of the team' })
  @ApiConflictResponse({
    type: LimitRefusalDto,
    description: 'The phase is not open, or too many submissions in flight (details.limit = concurrent)',
  })
  @ApiResponse({
    status: 429,
    type: LimitRefusalDto,
    description: 'Per-day or total limit reached; details say which, the count and when it resets',
    headers: {
      'Retry-After': {
        description: 'Seconds until the per-day limit resets (absent for the total limit)',
        schema: { type: 'integer' },
      },
    },
  })
  async create(
    @Param('phaseId', ParseUUIDPipe) phaseId: string,
    @CurrentUser() user: AuthUser,
    @Body() body: CreateSubmissionDto,
    @Headers('idempotency-key') idempotencyKey?: string,
    @UploadedFile(UPLOADED_FILE) file?: UploadedFileInfo,
  ): Promise<SubmissionDto> {
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) {
      throw new DomainError('bad_request', 'Idempotency-Key must be 1 to 200 visible ASCII characters');
    }
    const { methodName, methodDescription, codeUrl, paperUrl } = body;
    const metadata = { methodName, methodDescription, codeUrl, paperUrl };
    const input = {
      description: body.description ?? '',
      teamId: body.teamId,
      idempotencyKey,
      factSheet: body.factSheet,
      metadata,
    };
    if (body.uploadId) {
      if (file) {
        throw new DomainError('bad_request', 'send either a file or an uploadId, not both');
      }
      const created = await this.uploads.useOnce(user, body.uploadId, 'submission', idempotencyKey, (f) =>
        this.submissions.create(user, phaseId, f.path, f.size, input),
      );
      return toSubmissionDto(created);
    }
    const f = requireFile(file, 'file');
    return toSubmissionDto(await this.submissions.create(user, phaseId, f.path, f.size, input));
  }

  @Get('phases/:phaseId/submissions')
  @Authenticated()
  @ApiOkResponse({
    type: [SubmissionDto],
    description: "The caller's own submissions; organizers see all; each with its runs and submitter",
  })
  async list(
    @Param('phaseId', ParseUUIDPipe) phaseId: string,
    @CurrentUser() user: AuthUser,
    @Query() q: ListQueryDto,
  ): Promise<SubmissionDto[]> {
    const listed = await this.submissions.listForPhase(phaseId, user, q.limit, q.offset);
    return this.results.many(
      phaseId,
      listed.map((l) => toSubmissionDto(l.submission, l.runs, l.who)),
      user,
    );
  }

  @Get('phases/:phaseId/limits')
  @Authenticated()
  @ApiOkResponse({ type: SubmissionUsageDto, description: "The caller's (or the team's) usage of the phase's limits" })
  @ApiForbiddenResponse({ description: 'Not a participant, or not a member of the team' })
  @ApiNotFoundResponse()
  usage(
    @Param('phaseId', ParseUUIDPipe) phaseId: string,
    @CurrentUser() user: AuthUser,
    @Query() q: UsageQueryDto,
  ): Promise<SubmissionUsageDto> {
    return this.submissions.usage(user, phaseId, q.teamId);
  }

  @Get('submissions/:id')
  @Authenticated()
  @ApiOkResponse({ type: SubmissionDto })
  @ApiNotFoundResponse({ description: 'No such submission, or not yours' })
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<SubmissionDto> {
    const { submission, runs, viewer } = await this.submissions.getVisible(id, user);
    const dto = toSubmissionDto(submission, runs, await this.submissions.submitterOf(id), viewer);
    if (viewer === 'public') {
      delete dto.factSheet;
    }
    return this.results.one(dto, user);
  }

  @Patch('submissions/:id/visibility')
  @Authenticated()
  @ApiOkResponse({ type: SubmissionDto })
  @ApiForbiddenResponse({ description: 'The competition does not let participants make submissions public' })
  @ApiNotFoundResponse({ description: 'No such submission, or not yours' })
  async setVisibility(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Body() body: SetVisibilityDto,
  ): Promise<SubmissionDto> {
    return this.results.one(toSubmissionDto(await this.submissions.setPublic(id, user, body.isPublic)), user);
  }

  @Get('submissions/:id/output')
  @Authenticated()
  @ApiProduces('application/zip')
  @ApiOkResponse({
    description: "The run's output zip; participants get its score files without the phase's hidden columns",
  })
  @ApiForbiddenResponse({
    description: "Hidden by the phase's settings, or results hidden until revealed (organizers always see it)",
  })
  @ApiNotFoundResponse({ description: 'No such submission, not yours, or no output stored' })
  async output(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    return new StreamableFile(await this.submissions.output(id, user), {
      type: 'application/zip',
      disposition: `attachment; filename="submission-${id}-output.zip"`,
    });
  }

  @Get('submissions/:id/file')
  @Authenticated()
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'The submitted zip itself, streamed' })
  @ApiNotFoundResponse({
    description: 'No such submission, or neither its submitter, a member of its team nor an organizer',
  })
  async file(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<StreamableFile> {
    return new StreamableFile(await this.submissions.file(id, user), {
      type: 'application/zip',
      disposition: `attachment; filename="submission-${id}.zip"`,
    });
  }

  @Get('submissions/:id/detailed-results')
  @Authenticated()
  @ApiProduces('text/html')
  @ApiOkResponse({
    description: "The scoring program's detailed_results.html, served sandboxed (no scripts, no same origin)",
  })
  @ApiForbiddenResponse({
    description: 'Detailed results disabled, hidden by the phase, or results hidden until revealed',
  })
  @ApiNotFoundResponse({ description: 'No such submission, not yours, or no HTML page in its output' })
  async detailedResults(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<StreamableFile> {
    const page = await this.submissions.detailedResults(id, user);
    // Organizer-written HTML: a sandboxed page has an opaque origin and runs no script, so it cannot reach our API.
    void res.header('Content-Security-Policy', "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'");
    void res.header('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(page, { type: 'text/html; charset=utf-8' });
  }

  @Get('submissions/:id/logs/:stream')
  @Authenticated()
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The scoring program output, capped by the worker' })
  @ApiForbiddenResponse({
    description:
      "Hidden by the phase's settings, results hidden until revealed, or hidden columns (organizers always see it)",
  })
  @ApiNotFoundResponse()
  async log(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('stream') stream: string,
    @CurrentUser() user: AuthUser,
  ): Promise<StreamableFile> {
    if (stream !== 'stdout' && stream !== 'stderr') {
      throw new DomainError('bad_request', 'stream must be stdout or stderr');
    }
    return new StreamableFile(await this.submissions.log(id, user, stream), { type: 'text/plain; charset=utf-8' });
  }
}
