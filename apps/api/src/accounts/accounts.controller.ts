import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser, Public } from '@api/common/auth.decorators';
import { AccountsService } from './accounts.service';
import { ApiTokenDto, CreateApiTokenDto, CreatedApiTokenDto, MailPreferencesDto } from './dto/api-token.dto';
import { LoginDto, PasswordResetDto, PasswordResetRequestDto, SessionDto, SignUpDto, TokenDto, UserDto } from './dto/auth.dto';
import type { AccessTokenEntity } from './entities/access-token.entity';

@ApiTags('auth')
@Controller('auth')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('signup')
  @Public()
  @ApiCreatedResponse({ type: SessionDto })
  @ApiConflictResponse({ description: 'Email or username taken' })
  signUp(@Body() dto: SignUpDto): Promise<SessionDto> {
    return this.accounts.signUp(dto);
  }

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ type: SessionDto })
  login(@Body() dto: LoginDto): Promise<SessionDto> {
    return this.accounts.login(dto.login, dto.password);
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse({ description: 'The token this request was made with no longer works' })
  async logout(@Headers('authorization') authorization: string): Promise<void> {
    await this.accounts.logout(authorization.replace(/^Bearer\s+/i, '').trim());
  }

  @Post('confirm-email')
  @HttpCode(204)
  @Public()
  @ApiNoContentResponse({ description: 'The address is confirmed' })
  @ApiBadRequestResponse({ description: 'Unknown, used or expired token' })
  async confirmEmail(@Body() dto: TokenDto): Promise<void> {
    await this.accounts.confirmEmail(dto.token);
  }

  @Post('confirm-email/resend')
  @HttpCode(202)
  @Authenticated()
  @ApiAcceptedResponse({ description: 'A new confirmation mail is on its way' })
  @ApiConflictResponse({ description: 'Already confirmed' })
  async resendConfirmation(@CurrentUser() user: AuthUser): Promise<void> {
    await this.accounts.resendConfirmation(user);
  }

  @Post('password-reset')
  @HttpCode(202)
  @Public()
  @ApiAcceptedResponse({ description: 'If an account has this address, a reset mail is on its way' })
  async requestPasswordReset(@Body() dto: PasswordResetRequestDto): Promise<void> {
    await this.accounts.requestPasswordReset(dto.email);
  }

  @Post('password-reset/confirm')
  @HttpCode(204)
  @Public()
  @ApiNoContentResponse({ description: 'The password is changed and every session signed out' })
  @ApiBadRequestResponse({ description: 'Unknown, used or expired token' })
  async resetPassword(@Body() dto: PasswordResetDto): Promise<void> {
    await this.accounts.resetPassword(dto.token, dto.password);
  }

  @Get('me')
  @Authenticated()
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: AuthUser): UserDto {
    return user;
  }

  @Put('me/mail-preferences')
  @Authenticated()
  @ApiOkResponse({ type: MailPreferencesDto })
  async mailPreferences(@CurrentUser() user: AuthUser, @Body() dto: MailPreferencesDto): Promise<MailPreferencesDto> {
    await this.accounts.setNotifySubmissions(user, dto.notifySubmissions);
    return dto;
  }

  @Put('users/:userId/robot')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse({ description: 'The account is a robot: submission limits no longer apply to it' })
  @ApiForbiddenResponse({ description: 'Not a platform admin' })
  @ApiNotFoundResponse()
  async markRobot(@CurrentUser() user: AuthUser, @Param('userId', ParseUUIDPipe) userId: string): Promise<void> {
    await this.accounts.setRobot(user, userId, true);
  }

  @Delete('users/:userId/robot')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse({ description: 'Limits apply to the account again' })
  @ApiForbiddenResponse({ description: 'Not a platform admin' })
  @ApiNotFoundResponse()
  async unmarkRobot(@CurrentUser() user: AuthUser, @Param('userId', ParseUUIDPipe) userId: string): Promise<void> {
    await this.accounts.setRobot(user, userId, false);
  }

  @Post('tokens')
  @Authenticated()
  @ApiCreatedResponse({ type: CreatedApiTokenDto, description: 'A long-lived API token for scripts; shown once' })
  async createToken(@CurrentUser() user: AuthUser, @Body() dto: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    const { token, info } = await this.accounts.createApiToken(user, dto.name, dto.expiresInDays);
    return { ...toTokenDto(info), token };
  }

  @Get('tokens')
  @Authenticated()
  @ApiOkResponse({ type: [ApiTokenDto], description: "The caller's live API tokens (never the tokens themselves)" })
  async listTokens(@CurrentUser() user: AuthUser): Promise<ApiTokenDto[]> {
    return (await this.accounts.listApiTokens(user)).map(toTokenDto);
  }

  @Delete('tokens/:id')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiNotFoundResponse({ description: 'No such live token of the caller' })
  async revokeToken(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.accounts.revokeApiToken(user, id);
  }
}

function toTokenDto(t: AccessTokenEntity): ApiTokenDto {
  return { id: t.id, name: t.name ?? '', createdAt: t.createdAt, lastUsedAt: t.lastUsedAt, expiresAt: t.expiresAt };
}
