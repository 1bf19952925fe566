import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
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
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser, Public } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain.error';
import { FileUpload, requireFile, UPLOADED_FILE, type UploadedFileInfo } from '@api/common/upload';
import { UploadsService } from '@api/uploads/uploads.service';
import { toCompetitionDto, toSummary } from './competition.mapper';
import { CompetitionsService } from './competitions.service';
import {
  BundleUploadDto,
  CompetitionDto,
  CompetitionListQueryDto,
  CompetitionSummaryDto,
  CreatedCompetitionDto,
} from './dto/competition.dto';

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
  @ApiCreatedResponse({ type: CreatedCompetitionDto, description: 'The caller becomes the organizer' })
  @ApiBadRequestResponse({ description: 'Not a zip, or competition.yaml problems, each with file, YAML path and line' })
  @ApiPayloadTooLargeResponse({ description: 'Bundle larger than MAX_BUNDLE_MB' })
  @ApiConflictResponse({ description: 'uploadId names an upload that is not complete or was already used' })
  async upload(
    @CurrentUser() user: AuthUser,
    @Body() body: BundleUploadDto,
    @UploadedFile(UPLOADED_FILE) file?: UploadedFileInfo,
  ): Promise<CreatedCompetitionDto> {
    if (body.uploadId) {
      if (file) {
        throw new DomainError('bad_request', 'send either a bundle file or an uploadId, not both');
      }
      const created = await this.uploads.useOnce(user, body.uploadId, 'bundle', undefined, (f) =>
        this.competitions.createFromBundle(user, f.path, f.filename, f.storageKey),
      );
      return { ...toCompetitionDto(created), warnings: created.warnings };
    }
    const f = requireFile(file, 'bundle');
    const created = await this.competitions.createFromBundle(user, f.path, f.originalname || 'bundle.zip');
    return { ...toCompetitionDto(created), warnings: created.warnings };
  }

  @Get()
  @Public()
  @ApiOkResponse({ type: [CompetitionSummaryDto] })
  @ApiUnauthorizedResponse({ description: 'role=organizer without a valid bearer token' })
  async list(@Query() q: CompetitionListQueryDto, @CurrentUser() user?: AuthUser): Promise<CompetitionSummaryDto[]> {
    return (await this.competitions.list(q.limit, q.offset, { q: q.q, role: q.role }, user)).map(toSummary);
  }

  @Get(':id/logo')
  @Public()
  @ApiProduces('image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml')
  @ApiOkResponse({ description: "The competition's logo (its bundle's image)" })
  @ApiNotFoundResponse({ description: 'No such competition, or it has no logo' })
  async logo(
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<StreamableFile> {
    const logo = await this.competitions.logo(id);
    // An organizer-written SVG opened on its own runs no script and loads nothing.
    void res.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    void res.header('X-Content-Type-Options', 'nosniff');
    void res.header('Cache-Control', 'public, max-age=300');
    return new StreamableFile(logo.body, { type: logo.type });
  }

  @Get(':id')
  @Public()
  @ApiOkResponse({ type: CompetitionDto })
  @ApiNotFoundResponse()
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user?: AuthUser): Promise<CompetitionDto> {
    return toCompetitionDto(await this.competitions.detail(id, user));
  }
}
