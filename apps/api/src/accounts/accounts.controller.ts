import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser, Public } from '@api/common/auth.decorators';
import { AccountsService } from './accounts.service';
import { LoginDto, SessionDto, SignUpDto, UserDto } from './dto/auth.dto';

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

  @Get('me')
  @Authenticated()
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: AuthUser): UserDto {
    return user;
  }
}
