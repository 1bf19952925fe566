import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Req } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Authenticated, type AuthUser, CurrentUser } from '@api/common/auth.decorators';
import {
  BindQueueDto,
  CreateQueueDto,
  QueueCredentialsDto,
  QueueDto,
  QueueWorkerDto,
  ShareQueueDto,
  UpdateQueueDto,
} from './dto/queue.dto';
import { toCredentialsDto, toQueueDto } from './queue.mapper';
import { QueuesService } from './queues.service';

function apiUrl(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host}`;
}

@ApiTags('queues')
@Controller()
@Authenticated()
export class QueuesController {
  constructor(private readonly queues: QueuesService) {}

  @Post('queues')
  @ApiCreatedResponse({
    type: QueueCredentialsDto,
    description: 'The broker URL (with its password) is shown only here and on rotation',
  })
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateQueueDto,
    @Req() req: FastifyRequest,
  ): Promise<QueueCredentialsDto> {
    const { queue, brokerUrl } = await this.queues.create(
      user,
      dto.name,
      dto.isPublic ?? false,
      dto.requiresGpu ?? false,
    );
    return toCredentialsDto(queue, user.id, brokerUrl, apiUrl(req));
  }

  @Get('queues')
  @ApiOkResponse({ type: [QueueDto], description: 'Your queues, those shared with you, and public ones' })
  async list(@CurrentUser() user: AuthUser): Promise<QueueDto[]> {
    return (await this.queues.list(user)).map((q) => toQueueDto(q, user.id));
  }

  @Get('queues/default/workers')
  @ApiOkResponse({
    type: [QueueWorkerDto],
    description: "Workers consuming the platform's default queue (admins only)",
  })
  @ApiForbiddenResponse()
  defaultWorkers(@CurrentUser() user: AuthUser): Promise<QueueWorkerDto[]> {
    return this.queues.defaultWorkers(user);
  }

  @Get('queues/:id/workers')
  @ApiOkResponse({
    type: [QueueWorkerDto],
    description: 'Workers consuming the queue now: capabilities, current run, last heartbeat',
  })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: 'A public queue you neither own nor share' })
  workers(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<QueueWorkerDto[]> {
    return this.queues.workers(user, id);
  }

  @Patch('queues/:id')
  @ApiOkResponse({
    type: QueueDto,
    description: "Made private: other organizers' competitions sending their jobs there go back to the default queue",
  })
  @ApiNotFoundResponse()
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateQueueDto,
  ): Promise<QueueDto> {
    return toQueueDto(await this.queues.update(user, id, dto), user.id);
  }

  @Get('queues/:id')
  @ApiOkResponse({ type: QueueDto, description: 'With its depth for its owner and those it is shared with' })
  @ApiNotFoundResponse()
  async get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<QueueDto> {
    const { queue, depth } = await this.queues.get(user, id);
    return toQueueDto(queue, user.id, depth);
  }

  @Post('queues/:id/rotate')
  @HttpCode(200)
  @ApiOkResponse({
    type: QueueCredentialsDto,
    description: 'New credentials; workers using the old ones are disconnected',
  })
  async rotate(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: FastifyRequest,
  ): Promise<QueueCredentialsDto> {
    const { queue, brokerUrl } = await this.queues.rotate(user, id);
    return toCredentialsDto(queue, user.id, brokerUrl, apiUrl(req));
  }

  @Delete('queues/:id/credentials')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The worker credentials are revoked; rotate issues new ones' })
  revoke(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.queues.revoke(user, id);
  }

  @Delete('queues/:id')
  @HttpCode(204)
  @ApiNoContentResponse({
    description:
      "The queue, its vhost and its credentials are deleted; competitions sending their jobs there go back to the platform's default queue (their organizers are mailed)",
  })
  delete(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.queues.delete(user, id);
  }

  @Post('queues/:id/shares')
  @HttpCode(204)
  share(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ShareQueueDto,
  ): Promise<void> {
    return this.queues.share(user, id, dto.username);
  }

  @Delete('queues/:id/shares/:username')
  @HttpCode(204)
  @ApiNotFoundResponse({ description: 'No queue of yours with this id, or no user with this name' })
  @ApiNoContentResponse({
    description: "Competitions that used the queue through this share alone go back to the platform's default queue",
  })
  unshare(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('username') username: string,
  ): Promise<void> {
    return this.queues.unshare(user, id, username);
  }

  @Put('competitions/:id/queue')
  @HttpCode(204)
  @ApiNoContentResponse({
    description: "The competition's new jobs go to this queue (null: the platform's default queue)",
  })
  bind(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: BindQueueDto,
  ): Promise<void> {
    return this.queues.bindCompetition(user, id, dto.queueId);
  }
}
