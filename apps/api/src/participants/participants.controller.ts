import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser } from '@api/common/auth.decorators';
import { ParticipationDto, RegisterDto } from './dto/participation.dto';
import type { ParticipantEntity } from './entities/participant.entity';
import { ParticipantsService } from './participants.service';

@ApiTags('participation')
@Controller('competitions/:competitionId/participation')
export class ParticipantsController {
  constructor(private readonly participants: ParticipantsService) {}

  @Post()
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: ParticipationDto })
  @ApiNotFoundResponse()
  async register(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @CurrentUser() user: AuthUser,
    @Body() dto: RegisterDto,
  ): Promise<ParticipationDto> {
    return toDto(competitionId, await this.participants.register(competitionId, user, dto.acceptTerms));
  }

  @Get()
  @Authenticated()
  @ApiOkResponse({ type: ParticipationDto })
  async mine(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<ParticipationDto> {
    return toDto(competitionId, await this.participants.status(competitionId, user));
  }

  @Delete()
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse({ description: 'Left the competition; submissions already made stay' })
  @ApiNotFoundResponse({ description: 'No such competition, or not registered' })
  @ApiConflictResponse({ description: 'Banned or denied participants cannot leave (an organizer decides)' })
  async leave(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    await this.participants.leave(competitionId, user);
  }
}

function toDto(competitionId: string, p: ParticipantEntity | null): ParticipationDto {
  return { competitionId, status: p?.status ?? 'none', termsAcceptedAt: p?.termsAcceptedAt ?? null };
}
