import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser, Public } from '@api/common/auth.decorators';
import { AcceptInvitationDto, InvitationDto, InvitationLookupDto, InviteParticipantsDto } from './dto/invitation.dto';
import { ParticipationDto } from './dto/participation.dto';
import { InvitationsService } from './invitations.service';

@ApiTags('participation')
@Controller()
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post('competitions/:competitionId/invitations')
  @Authenticated()
  @ApiCreatedResponse({
    type: [InvitationDto],
    description: 'One mail each; inviting an address again replaces its open invitation',
  })
  invite(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @Body() dto: InviteParticipantsDto,
    @CurrentUser() user: AuthUser,
  ): Promise<InvitationDto[]> {
    return this.invitations.invite(competitionId, user, dto.emails, dto.message);
  }

  @Get('competitions/:competitionId/invitations')
  @Authenticated()
  @ApiOkResponse({ type: [InvitationDto] })
  list(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<InvitationDto[]> {
    return this.invitations.list(competitionId, user);
  }

  @Delete('competitions/:competitionId/invitations/:invitationId')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse({ description: 'Revoked: its link no longer admits anyone' })
  @ApiNotFoundResponse({ description: 'No such open invitation' })
  async revoke(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @Param('invitationId', ParseUUIDPipe) invitationId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    await this.invitations.revoke(competitionId, user, invitationId);
  }

  @Get('invitations/:token')
  @Public()
  @ApiOkResponse({
    type: InvitationLookupDto,
    description: 'What the link is for (the token is the secret the mail carried)',
  })
  @ApiNotFoundResponse()
  lookup(@Param('token') token: string): Promise<InvitationLookupDto> {
    return this.invitations.lookup(token);
  }

  @Post('invitations/:token/accept')
  @HttpCode(200)
  @Authenticated()
  @ApiOkResponse({ type: ParticipationDto, description: 'An approved participant from now on' })
  @ApiForbiddenResponse({ description: 'Signed in with another address than the one invited, or banned' })
  @ApiConflictResponse({ description: 'Used, revoked or expired; or the competition is archived' })
  @ApiNotFoundResponse()
  async accept(
    @Param('token') token: string,
    @Body() dto: AcceptInvitationDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ParticipationDto> {
    const { competitionId } = await this.invitations.accept(token, user, dto.acceptTerms);
    return { competitionId, status: 'approved', termsAcceptedAt: new Date() };
  }
}
