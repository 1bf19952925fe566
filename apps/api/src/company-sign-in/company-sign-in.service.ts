import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import * as bcrypt from 'bcryptjs';
import * as oidc from 'openid-client';
import { AccountsService } from '@api/accounts/accounts.service';
import { DomainError } from '@api/common/domain.error';
import { hashToken, newToken } from '@api/common/token';
import { ApiConfig, type OidcSettings } from '@api/config/api-config';
import { CompanySignInRepository } from './company-sign-in.repository';
import type { SignInMethodsDto } from './dto/sign-in-methods.dto';
import { identityOf, type ProviderIdentity, safeNext, usernameCandidates } from './provider-identity';

const LOGIN_TTL_MS = 10 * 60 * 1000;

/** A sign-in the platform refuses: the browser is sent back to the sign-in page with this message. */
export class SignInRefused extends Error {}

/**
 * OpenID Connect sign-in, authorization code flow with PKCE, through `openid-client` against the provider
 * OIDC_ISSUER names (discovered once, again after a failure). Each sign-in keeps its state (hashed), nonce and code
 * verifier server side, used once within ten minutes; the ID token's signature, issuer, audience, nonce and expiry
 * are checked by the library. Accounts are matched by provider subject, else by the verified e-mail address, and
 * created for new verified addresses (OIDC_CREATE_ACCOUNTS). The browser then gets a one-time code that the web app
 * exchanges for an ordinary session, so no token ever travels in a URL.
 */
@Injectable()
export class CompanySignInService {
  private readonly logger = new Logger(CompanySignInService.name);
  private discovered?: Promise<oidc.Configuration>;

  constructor(
    private readonly repo: CompanySignInRepository,
    private readonly accounts: AccountsService,
    private readonly config: ApiConfig,
  ) {}

  methods(): SignInMethodsDto {
    const settings = this.config.access.oidc;
    return {
      password: this.config.access.passwordLogin,
      identityProvider: settings ? { name: settings.providerName, loginUrl: '/api/auth/oidc/login' } : null,
    };
  }

  /** The provider's authorization URL for a new sign-in that comes back to `next`. */
  async start(next: unknown): Promise<string> {
    const settings = this.settings();
    const config = await this.configuration(settings);
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    await this.repo.saveLogin(
      hashToken(state),
      { nonce, codeVerifier, next: safeNext(next) },
      new Date(Date.now() + LOGIN_TTL_MS),
    );
    return oidc
      .buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: settings.scopes,
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      })
      .toString();
  }

  /**
   * The provider sent the browser back with `query` (code and state, or an error): where the browser goes next, the
   * web app's hand-off page with a one-time code, or the sign-in page with the reason it was refused.
   */
  async callback(query: string): Promise<string> {
    const base = this.config.mail.publicUrl;
    try {
      const code = await this.complete(query);
      return `${base}/sign-in/done?code=${encodeURIComponent(code)}`;
    } catch (e) {
      const message = e instanceof SignInRefused ? e.message : 'the identity provider could not be reached; try again';
      if (!(e instanceof SignInRefused)) {
        this.logger.warn(`OIDC sign-in failed: ${(e as Error).message}`);
      }
      return `${base}/sign-in?error=${encodeURIComponent(message)}`;
    }
  }

  /** The session a hand-off code stands for (once). */
  async exchange(code: string) {
    const handoff = await this.repo.takeHandoff(hashToken(code));
    if (!handoff) {
      throw new DomainError('unauthenticated', 'this sign-in code is unknown, used or expired: sign in again');
    }
    const user = await this.accounts.me({ id: handoff.userId, username: '', isAdmin: false });
    return {
      user: { id: user.id, username: user.username, isAdmin: user.isAdmin },
      token: await this.accounts.startSession(handoff.userId),
      next: handoff.next,
    };
  }

  private async complete(query: string): Promise<string> {
    const settings = this.settings();
    const params = new URLSearchParams(query);
    const state = params.get('state');
    const login = state ? await this.repo.takeLogin(hashToken(state)) : null;
    if (!state || !login) {
      throw new SignInRefused('this sign-in attempt is unknown, was already used or expired: sign in again');
    }
    if (params.get('error')) {
      const why = params.get('error_description') ?? params.get('error');
      throw new SignInRefused(`the identity provider refused the sign-in: ${why}`);
    }
    const config = await this.configuration(settings);
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(
        config,
        new URL(`${settings.redirectUri}?${params.toString()}`),
        {
          pkceCodeVerifier: login.codeVerifier,
          expectedState: state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        },
        { redirect_uri: settings.redirectUri },
      );
    } catch (e) {
      // A forged or replayed answer: wrong nonce or state, a code for another verifier, a bad signature.
      const why = describe(e);
      this.logger.warn(`OIDC answer refused: ${why}`);
      throw new SignInRefused(`the identity provider's answer was refused (${why})`);
    }
    const claims: Record<string, unknown> = { ...(tokens.claims() ?? {}) };
    const needUserinfo = !claims.email || claims[settings.groupsClaim] === undefined;
    const userinfo =
      needUserinfo && tokens.access_token
        ? await oidc.fetchUserInfo(config, tokens.access_token, String(claims.sub))
        : null;
    const identity = identityOf(
      config.serverMetadata().issuer,
      claims,
      userinfo ? { ...userinfo } : null,
      settings.groupsClaim,
    );
    const userId = await this.userFor(identity, settings);
    const handoff = newToken();
    await this.repo.setHandoff(hashToken(state), userId, handoff.hash);
    return handoff.token;
  }

  private async userFor(identity: ProviderIdentity, settings: OidcSettings): Promise<string> {
    if (!identity.email) {
      throw new SignInRefused('the identity provider gave no e-mail address (ask for the email scope)');
    }
    if (!identity.emailVerified) {
      throw new SignInRefused(
        `the identity provider has not verified the e-mail address ${identity.email}: no account is matched or made with it`,
      );
    }
    const found = await this.repo.findUser(identity);
    if (found) {
      if (found.disabled) {
        throw new SignInRefused('this account is disabled: ask an administrator');
      }
      const linkedElsewhere =
        found.idpSubject !== null && (found.idpIssuer !== identity.issuer || found.idpSubject !== identity.subject);
      if (linkedElsewhere) {
        throw new SignInRefused(`the account of ${identity.email} is linked to another identity-provider account`);
      }
      await this.repo.link(found.id, identity);
      return found.id;
    }
    if (!settings.createAccounts) {
      throw new SignInRefused(
        `no account has the address ${identity.email}, and accounts are not created at sign-in here: ask an administrator`,
      );
    }
    // Never signed in with: a password no one knows (the account signs in through the provider).
    const passwordHash = await bcrypt.hash(randomBytes(32).toString('base64'), 10);
    for (const username of usernameCandidates(identity)) {
      if (await this.repo.usernameTaken(username)) {
        continue;
      }
      const id = await this.repo.createUser({ ...identity, email: identity.email }, username, passwordHash);
      if (id) {
        return id;
      }
    }
    throw new SignInRefused('no free username could be made for this account: ask an administrator');
  }

  private settings(): OidcSettings {
    const settings = this.config.access.oidc;
    if (!settings) {
      throw new DomainError('not_found', 'no identity provider is configured here (OIDC_ISSUER)');
    }
    return settings;
  }

  private configuration(settings: OidcSettings): Promise<oidc.Configuration> {
    this.discovered ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        undefined,
        settings.clientSecret ? oidc.ClientSecretBasic(settings.clientSecret) : oidc.None(),
        { execute: settings.allowHttp ? [oidc.allowInsecureRequests] : [], timeout: 10 },
      )
      .catch((e: unknown) => {
        this.discovered = undefined;
        throw e;
      });
    return this.discovered;
  }
}

/** openid-client's errors, with the provider's own error code and description where it sent them. */
function describe(e: unknown): string {
  const err = e as Error & { error?: string; error_description?: string; cause?: unknown };
  const provider = err.error ? `: ${err.error}${err.error_description ? ` (${err.error_description})` : ''}` : '';
  const cause =
    err.cause && typeof err.cause === 'object' && 'message' in err.cause
      ? ` [${String((err.cause as Error).message)}]`
      : '';
  return `${err.message}${provider}${cause}`;
}
