import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { SubmissionRule } from '@arena/bundle';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, type AuthUser, CurrentUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain.error';
import { forbiddenCharacter } from '@api/common/text-rules';
import { BundleExportService } from './bundle-export.service';
import { toCompetitionDto } from './competition.mapper';
import { CompetitionEditService } from './competition-edit.service';
import { CompetitionsService } from './competitions.service';
import { CompetitionDto } from './dto/competition.dto';
import {
  ExportQueryDto,
  LeaderboardInputDto,
  PagesInputDto,
  UpdatePhaseDto,
  UpdateSettingsDto,
  YamlEditDto,
} from './dto/competition-edit.dto';

const MAX_YAML_BYTES = 1024 * 1024;
const REFUSED = 'Refused: details.problems lists each problem with file, YAML path and line, as for an upload';

/** Export and edits, for organizers only: anybody else gets 404, as if the competition did not exist. */
@ApiTags('competitions')
@Controller('competitions/:id')
@Authenticated()
export class CompetitionBundleController {
  constructor(
    private readonly exporter: BundleExportService,
    private readonly edits: CompetitionEditService,
    private readonly competitions: CompetitionsService,
  ) {}

  @Get('bundle')
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'A version 2 bundle (zip), streamed' })
  @ApiNotFoundResponse({ description: 'No such competition, or the caller does not organize it' })
  async export(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: ExportQueryDto,
    @CurrentUser() user: AuthUser,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const write = await this.exporter.prepare(id, user, q.light ? 'light' : 'full');
    // The zip is written straight to the socket as it is built (never whole in memory): Fastify steps aside.
    res.hijack();
    res.raw.writeHead(200, {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="competition-${id}${q.light ? '-light' : ''}.zip"`,
    });
    // Headers are gone once bytes flow: a storage failure mid-stream can only cut the response short.
    await write(res.raw).catch((e: unknown) => res.raw.destroy(e as Error));
  }

  @Get('yaml')
  @ApiProduces('application/yaml')
  @ApiOkResponse({ description: 'The competition.yaml an edit starts from (parts as dataset keys)' })
  @ApiNotFoundResponse()
  async getYaml(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Res() res: FastifyReply,
  ): Promise<void> {
    const text = await this.edits.yaml(id, user);
    void res.code(200).type('application/yaml').send(text);
  }

  @Put('yaml')
  @ApiConsumes('application/yaml', 'text/plain', 'application/json')
  @ApiBody({ type: YamlEditDto, description: 'The YAML as the body (text), or JSON {"yaml": "..."}' })
  @ApiOkResponse({ type: CompetitionDto })
  @ApiBadRequestResponse({ description: REFUSED })
  @ApiConflictResponse({ description: 'The edit removes a phase, task or leaderboard that has submissions' })
  @ApiNotFoundResponse()
  async putYaml(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Req() req: FastifyRequest,
  ): Promise<CompetitionDto> {
    await this.edits.replaceYaml(id, user, await yamlBody(req));
    return this.detail(id, user);
  }

  @Patch()
  @ApiOkResponse({ type: CompetitionDto })
  @ApiBadRequestResponse({ description: REFUSED })
  @ApiNotFoundResponse()
  async patch(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateSettingsDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CompetitionDto> {
    await this.edits.changeSettings(id, user, body);
    return this.detail(id, user);
  }

  @Patch('phases/:phaseId')
  @ApiOkResponse({ type: CompetitionDto })
  @ApiBadRequestResponse({ description: REFUSED })
  @ApiNotFoundResponse()
  async patchPhase(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('phaseId', ParseUUIDPipe) phaseId: string,
    @Body() body: UpdatePhaseDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CompetitionDto> {
    await this.edits.changePhase(id, phaseId, user, body);
    return this.detail(id, user);
  }

  @Put('leaderboards/:key')
  @ApiOkResponse({ type: CompetitionDto, description: 'The leaderboard is replaced, or added when the key is new' })
  @ApiBadRequestResponse({ description: REFUSED })
  @ApiNotFoundResponse()
  async putLeaderboard(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('key') key: string,
    @Body() body: LeaderboardInputDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CompetitionDto> {
    await this.edits.putLeaderboard(id, key, user, {
      ...body,
      submissionRule: body.submissionRule as SubmissionRule,
      columns: body.columns.map((c) => ({ ...c })),
    });
    return this.detail(id, user);
  }

  @Put('pages')
  @ApiOkResponse({ type: CompetitionDto, description: 'The pages are replaced, in the order given' })
  @ApiBadRequestResponse({ description: REFUSED })
  @ApiNotFoundResponse()
  async putPages(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: PagesInputDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CompetitionDto> {
    await this.edits.putPages(id, user, body.pages);
    return this.detail(id, user);
  }

  private async detail(id: string, user: AuthUser): Promise<CompetitionDto> {
    return toCompetitionDto(await this.competitions.detail(id, user));
  }
}

/**
 * JSON `{yaml}` (already parsed by Fastify) or the YAML itself as a text body, read here with a cap; UTF-8 only, and
 * without the control characters no text may hold (text-rules.ts), whichever way it came.
 */
async function yamlBody(req: FastifyRequest): Promise<string> {
  const text = await yamlText(req);
  const bad = forbiddenCharacter(text, false);
  if (bad) {
    throw new DomainError('bad_request', `competition.yaml holds the control character ${bad}`);
  }
  return text;
}

async function yamlText(req: FastifyRequest): Promise<string> {
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/json')) {
    const body = req.body as { yaml?: unknown } | undefined;
    const keys = body && typeof body === 'object' ? Object.keys(body) : [];
    if (typeof body?.yaml !== 'string' || keys.some((k) => k !== 'yaml')) {
      throw new DomainError('bad_request', 'send {"yaml": "<competition.yaml>"} or the YAML itself as text');
    }
    return body.yaml;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req.raw) {
    size += (chunk as Buffer).length;
    if (size > MAX_YAML_BYTES) {
      throw new DomainError('payload_too_large', `competition.yaml is over ${MAX_YAML_BYTES} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new DomainError('bad_request', 'competition.yaml is not valid UTF-8');
  }
}
