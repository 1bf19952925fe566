import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser, Public } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain.error';
import { FileUpload, requireFile, UPLOADED_FILE, type UploadedFileInfo } from '@api/common/upload';
import { UploadsService } from '@api/uploads/uploads.service';
import { toCompetitionDto, toSummary } from './competition.mapper';
import { CompetitionsService } from './competitions.service';
import { BundleUploadDto, CompetitionDto, CompetitionListQueryDto, CompetitionSummaryDto } from './dto/competition.dto';

@ApiTags('competitions')
@Controller('competitions')
export class CompetitionsController {
  constructor(
    private readonly competitions: CompetitionsService,
    private readonly uploads: UploadsService,
  ) {}

  @Post()
  @Authenticated()
  @UseInterceptors(FileUpload('bundle', (c) => c.maxBundleBytes))
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({ type: BundleUploadDto })
  @ApiCreatedResponse({ type: CompetitionDto, description: 'The caller becomes the organizer' })
  @ApiBadRequestResponse({ description: 'Not a zip, or competition.yaml problems, each with file, YAML path and line' })
  @ApiPayloadTooLargeResponse({ description: 'Bundle larger than MAX_BUNDLE_MB' })
  @ApiConflictResponse({ description: 'uploadId names an upload that is not complete or was already used' })
  async upload(
    @CurrentUser() user: AuthUser,
    @Body() body: BundleUploadDto,
    @UploadedFile(UPLOADED_FILE) file?: UploadedFileInfo,
  ): Promise<CompetitionDto> {
    if (body.uploadId) {
      if (file) throw new DomainError('bad_request', 'send either a bundle file or an uploadId, not both');
      const created = await this.uploads.useOnce(user, body.uploadId, 'bundle', undefined, (f) =>
        this.competitions.createFromBundle(user, f.path, f.filename),
      );
      return toCompetitionDto(created);
    }
    const f = requireFile(file, 'bundle');
    return toCompetitionDto(await this.competitions.createFromBundle(user, f.path, f.originalname || 'bundle.zip'));
  }

  @Get()
  @Public()
  @ApiOkResponse({ type: [CompetitionSummaryDto] })
  @ApiUnauthorizedResponse({ description: 'role=organizer without a valid bearer token' })
  async list(@Query() q: CompetitionListQueryDto, @CurrentUser() user?: AuthUser): Promise<CompetitionSummaryDto[]> {
    return (await this.competitions.list(q.limit, q.offset, { q: q.q, role: q.role }, user)).map(toSummary);
  }

  @Get(':id')
  @Public()
  @ApiOkResponse({ type: CompetitionDto })
  @ApiNotFoundResponse()
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user?: AuthUser): Promise<CompetitionDto> {
    return toCompetitionDto(await this.competitions.detail(id, user));
  }
}
