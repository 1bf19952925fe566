import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser, Public } from '@api/common/auth.decorators';
import { ClientAddress } from '@api/common/client-address';
import { LimitRefusalDto } from '@api/submissions/dto/submission.dto';
import { RetryAfterInterceptor } from '@api/submissions/retry-after.interceptor';
import { AccountsService } from './accounts.service';
import { ApiTokenDto, CreateApiTokenDto, CreatedApiTokenDto, MailPreferencesDto } from './dto/api-token.dto';
import {
  LoginDto,
  MeDto,
  PasswordResetDto,
  PasswordResetRequestDto,
  SessionDto,
  SignUpDto,
  TokenDto,
} from './dto/auth.dto';
import type { AccessTokenEntity } from './entities/access-token.entity';

/** A 429 from the credential and mail limits (RATE_LIMIT_*), shaped as the submission limits' refusal. */
const RateLimited = (what: string) =>
  ApiResponse({
    status: 429,
    type: LimitRefusalDto,
    description: `Too many ${what} in the sliding window (RATE_LIMIT_WINDOW_SEC); details.limit says whether per account or per address`,
    headers: {
      'Retry-After': { description: 'Seconds until an attempt is allowed again', schema: { type: 'integer' } },
    },
  });

@ApiTags('auth')
@Controller('auth')
@UseInterceptors(RetryAfterInterceptor)
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('signup')
  @Public()
  @ApiCreatedResponse({ type: SessionDto })
  @ApiConflictResponse({ description: 'Email or username taken' })
  @RateLimited('signups and mails for this address, or from this client')
  signUp(@Body() dto: SignUpDto, @ClientAddress() address: string): Promise<SessionDto> {
    return this.accounts.signUp(dto, address);
  }

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({ type: SessionDto })
  @RateLimited(
    'failed sign-ins for this login (even a right password is refused until the window slides) or from this client',
  )
  login(@Body() dto: LoginDto, @ClientAddress() address: string): Promise<SessionDto> {
    return this.accounts.login(dto.login, dto.password, address);
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
  @RateLimited('invalid links from this client')
  async confirmEmail(@Body() dto: TokenDto, @ClientAddress() address: string): Promise<void> {
    await this.accounts.confirmEmail(dto.token, address);
  }

  @Post('confirm-email/resend')
  @HttpCode(202)
  @Authenticated()
  @ApiAcceptedResponse({ description: 'A new confirmation mail is on its way' })
  @ApiConflictResponse({ description: 'Already confirmed' })
  @RateLimited('mails for this address, or from this client')
  async resendConfirmation(@CurrentUser() user: AuthUser, @ClientAddress() address: string): Promise<void> {
    await this.accounts.resendConfirmation(user, address);
  }

  @Post('password-reset')
  @HttpCode(202)
  @Public()
  @ApiAcceptedResponse({
    description:
      'If an account has this address, a reset mail is on its way (the same answer, in the same time, either way)',
  })
  @RateLimited('mails for this address (whether or not an account has it), or from this client')
  async requestPasswordReset(@Body() dto: PasswordResetRequestDto, @ClientAddress() address: string): Promise<void> {
    await this.accounts.requestPasswordReset(dto.email, address);
  }

  @Post('password-reset/confirm')
  @HttpCode(204)
  @Public()
  @ApiNoContentResponse({ description: 'The password is changed and every session signed out' })
  @ApiBadRequestResponse({ description: 'Unknown, used or expired token' })
  @RateLimited('invalid links from this client')
  async resetPassword(@Body() dto: PasswordResetDto, @ClientAddress() address: string): Promise<void> {
    await this.accounts.resetPassword(dto.token, dto.password, address);
  }

  @Get('me')
  @Authenticated()
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: AuthUser): Promise<MeDto> {
    return this.accounts.me(user);
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
  @RateLimited('tokens created by this account or from this client')
  async createToken(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateApiTokenDto,
    @ClientAddress() address: string,
  ): Promise<CreatedApiTokenDto> {
    const { token, info } = await this.accounts.createApiToken(user, dto.name, dto.expiresInDays, address);
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
