import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '@api/common/auth.decorators';
import { CompanySignInService } from './company-sign-in.service';
import { HandoffDto, OidcLoginQueryDto, ProviderSessionDto, SignInMethodsDto } from './dto/sign-in-methods.dto';

/** Sign-in through the company's identity provider (OpenID Connect), for browsers. */
@ApiTags('auth')
@Controller('auth')
export class CompanySignInController {
  constructor(private readonly signIn: CompanySignInService) {}

  @Get('methods')
  @Public()
  @ApiOkResponse({ type: SignInMethodsDto })
  methods(): SignInMethodsDto {
    return this.signIn.methods();
  }

  @Get('oidc/login')
  @Public()
  @ApiFoundResponse({ description: "Redirects to the identity provider's sign-in page" })
  async login(@Query() q: OidcLoginQueryDto, @Res() res: FastifyReply): Promise<void> {
    void res.redirect(await this.signIn.start(q.next), 302);
  }

  @Get('oidc/callback')
  @Public()
  @ApiFoundResponse({
    description:
      'The provider sends the browser here; it goes on to the web app with a one-time code, or back to the sign-in page with the reason',
  })
  async callback(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const at = req.url.indexOf('?');
    // The provider's answer is read whole by openid-client (code, state, iss, error...): no DTO in between.
    void res
      .header('Cache-Control', 'no-store')
      .redirect(await this.signIn.callback(at < 0 ? '' : req.url.slice(at + 1)), 302);
  }

  @Post('oidc/session')
  @HttpCode(200)
  @Public()
  @ApiOkResponse({
    type: ProviderSessionDto,
    description: 'A session, for the one-time code the provider sign-in ended with',
  })
  @ApiUnauthorizedResponse({ description: 'Unknown, used or expired code' })
  async session(@Body() dto: HandoffDto): Promise<ProviderSessionDto> {
    return this.signIn.exchange(dto.code);
  }
}
