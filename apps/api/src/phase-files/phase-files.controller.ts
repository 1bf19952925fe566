import { Readable } from 'node:stream';
import { Controller, Get, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiFoundResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPartialContentResponse,
  ApiProduces,
  ApiResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AuthUser, CurrentUser, Public } from '@api/common/auth.decorators';
import { answerRange } from './byte-range';
import { PhaseFileDto, PhaseFileLinkDto, PhaseFilesDto } from './dto/phase-file.dto';
import { fileNameOf, type PhaseFileListing, PhaseFilesService } from './phase-files.service';

const WHO =
  'Approved participants and organizers; anybody once the organizers make the files public (filesPublic). ' +
  'Signed out: 401; not registered or not approved: 403';

/**
 * What a phase offers to download. Public routes: the service decides who may (a bearer token is read when sent),
 * because an organizer may open the files to everybody.
 */
@ApiTags('phase files')
@Controller('phases/:phaseId/files')
@Public()
export class PhaseFilesController {
  constructor(private readonly files: PhaseFilesService) {}

  @Get()
  @ApiOkResponse({ type: PhaseFilesDto, description: WHO })
  @ApiUnauthorizedResponse({ description: 'Signed out, and the files are not public' })
  @ApiForbiddenResponse({ description: 'Not an approved participant, and the files are not public' })
  @ApiNotFoundResponse({ description: 'No such phase' })
  async list(@Param('phaseId', ParseUUIDPipe) phaseId: string, @CurrentUser() user?: AuthUser): Promise<PhaseFilesDto> {
    return toDto(await this.files.list(phaseId, user));
  }

  @Get(':name')
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: `The zip, streamed; Accept-Ranges: bytes, ETag: its sha256. ${WHO}` })
  @ApiPartialContentResponse({ description: 'Range (with If-Range naming the ETag, or none): the bytes asked for' })
  @ApiFoundResponse({
    description: 'S3 storage: Location is a short-lived presigned URL of the zip (ranges work there)',
  })
  @ApiResponse({ status: 416, description: 'The Range starts past the end; Content-Range: bytes */<size>' })
  @ApiNotFoundResponse({ description: 'No such phase, or the phase offers no file of that name' })
  async download(
    @Param('phaseId', ParseUUIDPipe) phaseId: string,
    @Param('name') name: string,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
    @CurrentUser() user?: AuthUser,
  ): Promise<void> {
    const file = await this.files.find(phaseId, name, user);
    const etag = `"${file.sha256}"`;
    const range = answerRange(file.size, etag, req.headers.range, header(req.headers['if-range']));
    void res.header('accept-ranges', 'bytes').header('etag', etag).header('cache-control', 'private, no-cache');
    if (range.status === 416) {
      const message = `the range ${req.headers.range} starts past the end of ${name} (${file.size} bytes)`;
      void res
        .code(416)
        .header('content-range', `bytes */${file.size}`)
        .type('application/json; charset=utf-8')
        .send(JSON.stringify({ statusCode: 416, code: 'range_not_satisfiable', message }));
      return;
    }
    const presigned = await this.files.presign(file);
    const head = req.method === 'HEAD';
    if (!head && (range.status === 200 || range.start === 0)) {
      await this.files.countDownload(phaseId, file);
    }
    if (presigned) {
      void res.header('cache-control', 'no-store').redirect(presigned.url, 302);
      return;
    }
    void res
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="${fileNameOf(file)}"`);
    if (range.status === 206) {
      void res
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${file.size}`)
        .header('content-length', String(range.end - range.start + 1));
    } else {
      void res.header('content-length', String(file.size));
    }
    // HEAD: the headers alone (an empty stream keeps the Content-Length set above).
    if (head) {
      void res.send(Readable.from([]));
      return;
    }
    void res.send(await this.files.open(file, range.status === 206 ? range : undefined));
  }

  @Get(':name/link')
  @ApiOkResponse({ type: PhaseFileLinkDto, description: `Counts as a download when it gives a URL. ${WHO}` })
  @ApiNotFoundResponse({ description: 'No such phase, or the phase offers no file of that name' })
  async link(
    @Param('phaseId', ParseUUIDPipe) phaseId: string,
    @Param('name') name: string,
    @CurrentUser() user?: AuthUser,
  ): Promise<PhaseFileLinkDto> {
    const file = await this.files.find(phaseId, name, user);
    const presigned = await this.files.presign(file);
    if (!presigned) {
      return { url: null, expiresAt: null };
    }
    await this.files.countDownload(phaseId, file);
    return presigned;
  }
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function toDto(l: PhaseFileListing): PhaseFilesDto {
  const path = (name: string) => `/api/phases/${l.phaseId}/files/${name}`;
  const files: PhaseFileDto[] = l.files.map((f) => ({
    name: f.name,
    kind: f.kind,
    title: f.title,
    ...(f.description ? { description: f.description } : {}),
    size: f.size,
    sha256: f.sha256,
    ...(l.counts ? { downloads: l.counts.get(f.name) ?? 0 } : {}),
    url: path(f.name),
  }));
  const links: PhaseFileDto[] = l.links.map((k) => ({
    name: k.name,
    kind: 'link',
    title: k.title,
    description: k.description,
    url: k.url ?? path(k.fileName!),
  }));
  return { phaseId: l.phaseId, filesPublic: l.filesPublic, files: [...files, ...links] };
}
