import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Put, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
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
} from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser } from '@api/common/auth.decorators';
import { CreateUploadDto, UploadDto } from './dto/upload.dto';
import { UploadsService } from './uploads.service';

@ApiTags('uploads')
@Controller('uploads')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @Post()
  @Authenticated()
  @ApiCreatedResponse({
    type: UploadDto,
    description: 'Send the parts next (PUT /api/uploads/{id}/parts/{index}), then complete it',
  })
  @ApiBadRequestResponse({ description: 'Size 0' })
  @ApiPayloadTooLargeResponse({ description: 'Larger than MAX_SUBMISSION_MB or MAX_BUNDLE_MB (the message names it)' })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateUploadDto): Promise<UploadDto> {
    return this.uploads.create(user, body.filename, body.size, body.purpose);
  }

  @Get(':id')
  @Authenticated()
  @ApiOkResponse({ type: UploadDto, description: 'Which parts are stored: a client resumes by sending the others' })
  @ApiNotFoundResponse({ description: 'No such upload, not yours, or already used' })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<UploadDto> {
    return this.uploads.get(user, id);
  }

  @Put(':id/parts/:index')
  @Authenticated()
  @ApiConsumes('application/octet-stream')
  @ApiBody({
    schema: { type: 'string', format: 'binary' },
    description: 'The raw bytes of the part: partSize, except the last part',
  })
  @ApiOkResponse({ type: UploadDto, description: 'Stored (sending a stored part again changes nothing)' })
  @ApiBadRequestResponse({ description: 'Wrong length (the message gives expected and actual) or index out of range' })
  @ApiNotFoundResponse({ description: 'No such upload, not yours, or already used' })
  putPart(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('index', ParseIntPipe) index: number,
    @CurrentUser() user: AuthUser,
    @Req() req: FastifyRequest,
  ): Promise<UploadDto> {
    const header = req.headers['content-length'];
    const contentLength = header === undefined ? undefined : Number(header);
    return this.uploads.putPart(user, id, index, { stream: req.raw, contentLength });
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: UploadDto, description: 'Joined into one stored file, ready to be used once by its uploadId' })
  @ApiConflictResponse({ description: 'Parts are missing (details.missing lists their indexes)' })
  @ApiNotFoundResponse({ description: 'No such upload, not yours, or already used' })
  complete(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<UploadDto> {
    return this.uploads.complete(user, id);
  }
}
