import { Controller, Get, Param, ParseUUIDPipe, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser, Public } from '@api/common/auth.decorators';
import { removeUpload, requireFile } from '@api/common/upload';
import { toCompetitionDto, toSummary } from './competition.mapper';
import { CompetitionsService } from './competitions.service';
import { BundleUploadDto, CompetitionDto, CompetitionSummaryDto, ListQueryDto } from './dto/competition.dto';

@ApiTags('competitions')
@Controller('competitions')
export class CompetitionsController {
  constructor(private readonly competitions: CompetitionsService) {}

  @Post()
  @Authenticated()
  @UseInterceptors(FileInterceptor('bundle'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: BundleUploadDto })
  @ApiCreatedResponse({ type: CompetitionDto, description: 'The caller becomes the organizer' })
  @ApiBadRequestResponse({ description: 'Not a zip, or competition.yaml problems, each with file, YAML path and line' })
  @ApiPayloadTooLargeResponse({ description: 'Bundle larger than MAX_BUNDLE_MB' })
  async upload(@CurrentUser() user: AuthUser, @UploadedFile() file?: Express.Multer.File): Promise<CompetitionDto> {
    try {
      const f = requireFile(file, 'bundle');
      return toCompetitionDto(await this.competitions.createFromBundle(user, f.path, f.originalname || 'bundle.zip'));
    } finally {
      await removeUpload(file);
    }
  }

  @Get()
  @Public()
  @ApiOkResponse({ type: [CompetitionSummaryDto] })
  async list(@Query() q: ListQueryDto): Promise<CompetitionSummaryDto[]> {
    return (await this.competitions.list(q.limit, q.offset)).map(toSummary);
  }

  @Get(':id')
  @Public()
  @ApiOkResponse({ type: CompetitionDto })
  @ApiNotFoundResponse()
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user?: AuthUser): Promise<CompetitionDto> {
    return toCompetitionDto(await this.competitions.detail(id, user));
  }
}
