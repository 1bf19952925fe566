import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain.error';
import { removeUpload, requireFile } from '@api/common/upload';
import { ListQueryDto } from '@api/competitions/dto/competition.dto';
import { CreateSubmissionDto, SubmissionDto } from './dto/submission.dto';
import { toSubmissionDto } from './submission.mapper';
import { SubmissionsService } from './submissions.service';

@ApiTags('submissions')
@Controller()
export class SubmissionsController {
  constructor(private readonly submissions: SubmissionsService) {}

  @Post('phases/:phaseId/submissions')
  @Authenticated()
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CreateSubmissionDto })
  @ApiCreatedResponse({ type: SubmissionDto })
  @ApiBadRequestResponse({ description: 'Not a zip, or an unsafe zip' })
  @ApiForbiddenResponse({ description: 'Not registered, or registration not approved' })
  @ApiConflictResponse({ description: 'The phase is not open' })
  async create(
    @Param('phaseId', ParseUUIDPipe) phaseId: string,
    @CurrentUser() user: AuthUser,
    @Body() body: CreateSubmissionDto,
    @UploadedFile() file?: Express.Multer.File,
  ): Promise<SubmissionDto> {
    try {
      const f = requireFile(file, 'file');
      return toSubmissionDto(await this.submissions.create(user, phaseId, f.path, f.size, body.description ?? ''));
    } finally {
      await removeUpload(file);
    }
  }

  @Get('phases/:phaseId/submissions')
  @Authenticated()
  @ApiOkResponse({ type: [SubmissionDto], description: "The caller's own submissions; organizers see all" })
  async list(
    @Param('phaseId', ParseUUIDPipe) phaseId: string,
    @CurrentUser() user: AuthUser,
    @Query() q: ListQueryDto,
  ): Promise<SubmissionDto[]> {
    return (await this.submissions.listForPhase(phaseId, user, q.limit, q.offset)).map((s) => toSubmissionDto(s));
  }

  @Get('submissions/:id')
  @Authenticated()
  @ApiOkResponse({ type: SubmissionDto })
  @ApiNotFoundResponse({ description: 'No such submission, or not yours' })
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<SubmissionDto> {
    const { submission, runs } = await this.submissions.getVisible(id, user);
    return toSubmissionDto(submission, runs);
  }

  @Get('submissions/:id/logs/:stream')
  @Authenticated()
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The scoring program output, capped by the worker' })
  async log(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('stream') stream: string,
    @CurrentUser() user: AuthUser,
  ): Promise<StreamableFile> {
    if (stream !== 'stdout' && stream !== 'stderr') throw new DomainError('bad_request', 'stream must be stdout or stderr');
    return new StreamableFile(await this.submissions.log(id, user, stream), { type: 'text/plain; charset=utf-8' });
  }
}
