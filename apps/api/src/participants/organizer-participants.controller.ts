import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain.error';
import { ListParticipantsQueryDto, MessageDto, MessageSentDto, ParticipantDto } from './dto/participants.dto';
import type { ParticipantEntity } from './entities/participant.entity';
import { type Decision, ParticipantsService } from './participants.service';

const DECISIONS: Decision[] = ['approve', 'deny', 'ban', 'unban'];

@ApiTags('participation')
@Controller('competitions/:competitionId/participants')
export class OrganizerParticipantsController {
  constructor(private readonly participants: ParticipantsService) {}

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: [ParticipantDto] })
  @ApiForbiddenResponse({ description: 'Not an organizer' })
  @ApiNotFoundResponse()
  async list(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @CurrentUser() user: AuthUser,
    @Query() q: ListParticipantsQueryDto,
  ): Promise<ParticipantDto[]> {
    return (await this.participants.list(competitionId, user, q.status, q.limit, q.offset)).map(toDto);
  }

  @Post('mail')
  @HttpCode(202)
  @Authenticated()
  @ApiAcceptedResponse({ type: MessageSentDto, description: 'Queued; delivered in the background with retries' })
  @ApiForbiddenResponse({ description: 'Not an organizer' })
  @ApiNotFoundResponse()
  async message(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @CurrentUser() user: AuthUser,
    @Body() dto: MessageDto,
  ): Promise<MessageSentDto> {
    return { recipients: await this.participants.messageAll(competitionId, user, dto.subject, dto.body) };
  }

  @Post(':userId/:decision')
  @HttpCode(200)
  @Authenticated()
  @ApiParam({ name: 'decision', enum: DECISIONS })
  @ApiOkResponse({ type: ParticipantDto, description: 'The participant after the decision; the participant is mailed' })
  @ApiForbiddenResponse({ description: 'Not an organizer' })
  @ApiNotFoundResponse({ description: 'No such competition or participant' })
  @ApiConflictResponse({
    description: 'The decision does not apply to the current status (e.g. unban a participant not banned)',
  })
  async decide(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Param('decision') decision: string,
    @CurrentUser() user: AuthUser,
  ): Promise<ParticipantDto> {
    if (!DECISIONS.includes(decision as Decision)) {
      throw new DomainError('not_found', `no decision "${decision}" (${DECISIONS.join(', ')})`);
    }
    return toDto(await this.participants.decide(competitionId, user, userId, decision as Decision));
  }
}

function toDto(p: ParticipantEntity & { username: string }): ParticipantDto {
  return {
    userId: p.userId,
    username: p.username,
    status: p.status,
    termsAcceptedAt: p.termsAcceptedAt,
    registeredAt: p.createdAt,
  };
}
