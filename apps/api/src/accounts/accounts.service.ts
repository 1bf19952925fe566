import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import * as bcrypt from 'bcryptjs';
import type { AuthUser } from '@api/common/auth.decorators';
import { RefreshAheadCache } from '@api/common/refresh-ahead-cache';
import { DomainError, notFound } from '@api/common/domain.error';
import { ApiConfig } from '@api/config/api-config';
import { MailService } from '@api/mail/mail.service';
import { RateLimiter } from '@api/rate-limits/rate-limiter.service';
import { AccountsRepository } from './accounts.repository';
import { hashToken, newToken } from '@api/common/token';
import type { AccessTokenEntity } from './entities/access-token.entity';
import { emailProblem, normalizeEmail } from './email-rules';
import { passwordProblem } from './password-rules';
import { usernameProblem } from './username-rules';

const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
const CONFIRM_TTL_MS = 3 * 24 * 3600 * 1000;
const RESET_TTL_MS = 3600 * 1000;
const BCRYPT_ROUNDS = 10;
/**
 * How long a cached identity is trusted while this process hears the database's announcements: every change that
 * could alter it (a token revoked, expired or rehashed, a user disabled, renamed, made admin or deleted) is announced
 * and drops it at once, and a token's own expiry is checked at each read. The time-to-live then only paces the
 * refresh that records when the token was last used (to the minute). A caller polling "my rank" with a 1 s
 * time-to-live waited on that refresh whenever the database was slow to answer it (timeouts under load).
 */
const IDENTITY_TTL_HEARD_MS = 60_000;

@Injectable()
export class AccountsService implements OnApplicationShutdown {
  private readonly logger = new Logger(AccountsService.name);
  /**
   * A real hash of a random password at the cost of real ones, compared against when no account has the login name:
   * the same bcrypt work either way, so the answer's time does not tell whether the account exists.
   */
  private readonly dummyHash = bcrypt.hash(randomBytes(18).toString('base64'), BCRYPT_ROUNDS);
  /** Password-reset mails being prepared after the answer went out; awaited on shutdown. */
  private readonly resets = new Set<Promise<void>>();

  constructor(
    private readonly repo: AccountsRepository,
    private readonly mail: MailService,
    private readonly config: ApiConfig,
    private readonly limiter: RateLimiter,
  ) {
    // As old as the leaderboards' own cached settings may be (CACHE_TTL_MS) while no change announcement arrives.
    const ttl = () => (this.heard ? IDENTITY_TTL_HEARD_MS : config.cacheTtlMs);
    this.identities = new RefreshAheadCache<CachedIdentity | null>(ttl, 10_000);
  }

  /** Whether changes to tokens and users are announced to this process (CacheCoherence listening). */
  private heard = false;

  /** Identities by token hash, for `@CachedIdentity()` routes only (unknown tokens too: they stay refused). */
  private readonly identities: RefreshAheadCache<CachedIdentity | null>;

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.resets);
  }

  async signUp(
    input: { email: string; username: string; password: string },
    address: string,
  ): Promise<{ user: AuthUser; token: string }> {
    this.requirePasswords();
    const email = normalizeEmail(input.email);
    const problem = usernameProblem(input.username) ?? emailProblem(email) ?? passwordProblem(input.password);
    if (problem) {
      throw new DomainError('bad_request', problem);
    }
    // Each signup mails the address: limited per mailbox (whoever asks) and per client address.
    await this.limiter.take('mail', { account: email, address });
    const existing = (await this.repo.findByLogin(email)) ?? (await this.repo.findByLogin(input.username));
    if (existing) {
      throw new DomainError('conflict', 'an account with this email or username already exists');
    }
    const passwordHash = await bcrypt.hash(input.password, BCRYPT_ROUNDS);
    const user = await this.repo.createUser({ email, username: input.username, passwordHash });
    await this.sendConfirmation(user);
    return { user: toAuthUser(user), token: await this.issueSession(user.id) };
  }

  /**
   * Failed sign-ins are limited per login name as typed and per client address: the attempt counts before the password
   * is checked (parallel guesses cannot share the last free slot) and is taken back when the password was right. A
   * locked name answers 429 whether or not an account has it, and even with the right password, until the window
   * slides past its failures.
   */
  async login(login: string, password: string, address: string): Promise<{ user: AuthUser; token: string }> {
    this.requirePasswords();
    // bcrypt would compare only the first 72 bytes: a longer password is refused before any account is looked up.
    const tooLong = passwordProblem(password);
    if (tooLong) {
      throw new DomainError('bad_request', tooLong);
    }
    const name = login.includes('@') ? normalizeEmail(login) : login;
    const attempt = await this.limiter.take('login', { account: name, address });
    const user = await this.repo.findByLogin(name);
    const ok = await bcrypt.compare(password, user?.passwordHash ?? (await this.dummyHash));
    if (!user || !ok) {
      throw new DomainError('unauthenticated', 'wrong login or password');
    }
    await attempt.refund();
    if (user.disabledAt) {
      throw new DomainError('forbidden', 'this account is disabled: ask an administrator');
    }
    return { user: toAuthUser(user), token: await this.startSession(user.id) };
  }

  async userForToken(token: string): Promise<AuthUser | null> {
    const found = await this.repo.userForTokenHash(hashToken(token));
    return found ? toAuthUser(found.user) : null;
  }

  /** `userForToken` through the cache of identities: see `@CachedIdentity()` for where it may be used. */
  async cachedUserForToken(token: string): Promise<AuthUser | null> {
    const hash = hashToken(token);
    const identity = await this.identities.get(hash, async () => {
      const found = await this.repo.userForTokenHash(hash);
      return found ? { user: toAuthUser(found.user), expiresAt: found.expiresAt?.getTime() ?? null } : null;
    });
    // A token that expires while cached is refused from its expiry on: no change is committed then to announce it.
    if (!identity || (identity.expiresAt !== null && identity.expiresAt <= Date.now())) {
      return null;
    }
    return identity.user;
  }

  async usernames(ids: string[]): Promise<Map<string, string>> {
    const users = await this.repo.findUsersByIds([...new Set(ids)]);
    return new Map(users.map((u) => [u.id, u.username]));
  }

  /** The token is returned once; only its hash is kept. */
  async createApiToken(
    user: AuthUser,
    name: string,
    expiresInDays: number | undefined,
    address: string,
  ): Promise<{ token: string; info: AccessTokenEntity }> {
    await this.limiter.take('apiToken', { account: user.id, address });
    const { token, hash } = newToken();
    const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 24 * 3600 * 1000) : null;
    const info = await this.repo.saveToken({ userId: user.id, tokenHash: hash, kind: 'api', name, expiresAt });
    return { token, info };
  }

  listApiTokens(user: AuthUser): Promise<AccessTokenEntity[]> {
    return this.repo.apiTokens(user.id);
  }

  async revokeApiToken(user: AuthUser, id: string): Promise<void> {
    if (!(await this.repo.revokeApiToken(user.id, id))) {
      throw notFound(`API token ${id}`);
    }
    this.identities.clear();
  }

  /** After a change to tokens or users committed elsewhere (another process, SQL): see CacheCoherence. */
  forgetCachedIdentities(): void {
    this.identities.clear();
  }

  /** CacheCoherence: from now on changes are heard (after everything cached was forgotten), or no longer are. */
  hearChanges(heard: boolean): void {
    this.heard = heard;
  }

  /** Revokes the token the request was made with (session or API token). */
  async logout(token: string): Promise<void> {
    await this.repo.revokeByHash(hashToken(token));
    this.identities.clear();
  }

  async findByUsername(username: string): Promise<AuthUser> {
    const user = await this.repo.findByUsername(username);
    if (!user) {
      throw notFound(`user ${username}`);
    }
    return toAuthUser(user);
  }

  /** Email addresses and mail preferences, for notifications. */
  async contacts(
    ids: string[],
  ): Promise<{ id: string; username: string; email: string; notifySubmissions: boolean }[]> {
    const users = await this.repo.findUsersByIds([...new Set(ids)]);
    return users.map((u) => ({
      id: u.id,
      username: u.username,
      email: u.email,
      notifySubmissions: u.notifySubmissions,
    }));
  }

  /** Platform admins mark script accounts as robots, which submission limits do not apply to. */
  async setRobot(admin: AuthUser, userId: string, isRobot: boolean): Promise<void> {
    if (!admin.isAdmin) {
      throw new DomainError('forbidden', 'only platform admins may mark robots');
    }
    if (!(await this.repo.setRobot(userId, isRobot))) {
      throw notFound(`user ${userId}`);
    }
  }

  async isRobot(userId: string): Promise<boolean> {
    return (await this.repo.findUser(userId))?.isRobot ?? false;
  }

  setNotifySubmissions(user: AuthUser, notify: boolean): Promise<void> {
    return this.repo.setNotifySubmissions(user.id, notify);
  }

  async resendConfirmation(user: AuthUser, address: string): Promise<void> {
    const u = await this.repo.findUser(user.id);
    if (!u) {
      throw notFound(`user ${user.id}`);
    }
    if (u.emailConfirmedAt) {
      throw new DomainError('conflict', 'the email address is already confirmed');
    }
    await this.limiter.take('mail', { account: u.email, address });
    await this.sendConfirmation(u);
  }

  /** Guessing links is limited per client address; a link that works takes its attempt back. */
  async confirmEmail(token: string, address: string): Promise<void> {
    const attempt = await this.limiter.take('link', { address });
    const userId = await this.repo.consumeAccountToken(hashToken(token), 'confirm_email');
    if (!userId) {
      throw new DomainError('bad_request', 'this confirmation link is unknown, used or expired');
    }
    await this.repo.confirmEmail(userId);
    await attempt.refund();
  }

  /**
   * Answers the same, in the same time, whether or not an account has the address: after the limits (per mailbox,
   * whoever it belongs to, and per client address), the account is looked up and mailed once the answer is out.
   */
  async requestPasswordReset(raw: string, address: string): Promise<void> {
    this.requirePasswords();
    const email = normalizeEmail(raw);
    await this.limiter.take('mail', { account: email, address });
    const work = this.mailReset(email)
      .catch((e: unknown) => this.logger.error(`password reset mail not queued: ${(e as Error).message}`))
      .finally(() => this.resets.delete(work));
    this.resets.add(work);
  }

  private async mailReset(email: string): Promise<void> {
    const user = await this.repo.findByLogin(email);
    if (!user || user.email.toLowerCase() !== email.toLowerCase()) {
      return;
    }
    const { token, hash } = newToken();
    await this.repo.saveAccountToken(user.id, 'reset_password', hash, new Date(Date.now() + RESET_TTL_MS));
    await this.mail.queue(
      user.email,
      'Reset your Arena password',
      `Hello ${user.username},\n\nSet a new password within the hour: ${this.config.mail.publicUrl}/reset-password?token=${token}\n` +
        `(or POST {"token": "${token}", "password": "..."} to /api/auth/password-reset/confirm)\n\n` +
        'If you did not ask for this, ignore this mail: your password stays as it is.\n',
    );
  }

  async resetPassword(token: string, password: string, address: string): Promise<void> {
    this.requirePasswords();
    const tooLong = passwordProblem(password);
    if (tooLong) {
      throw new DomainError('bad_request', tooLong);
    }
    const attempt = await this.limiter.take('link', { address });
    const userId = await this.repo.consumeAccountToken(hashToken(token), 'reset_password');
    if (!userId) {
      throw new DomainError('bad_request', 'this reset link is unknown, used or expired');
    }
    await this.repo.setPassword(userId, await bcrypt.hash(password, BCRYPT_ROUNDS));
    await attempt.refund();
  }

  private async sendConfirmation(user: { id: string; email: string; username: string }): Promise<void> {
    const { token, hash } = newToken();
    await this.repo.saveAccountToken(user.id, 'confirm_email', hash, new Date(Date.now() + CONFIRM_TTL_MS));
    await this.mail.queue(
      user.email,
      'Confirm your Arena email address',
      `Hello ${user.username},\n\nConfirm your address: ${this.config.mail.publicUrl}/confirm-email?token=${token}\n` +
        `(or POST {"token": "${token}"} to /api/auth/confirm-email)\n`,
    );
  }

  /** The signed-in user as they see themselves: address, whether it is confirmed, roles, identity-provider groups. */
  async me(user: AuthUser) {
    const u = await this.repo.findUser(user.id);
    if (!u) {
      throw notFound(`user ${user.id}`);
    }
    const organizerRights = this.config.access.organizerRights;
    return {
      ...toAuthUser(u),
      email: u.email,
      emailConfirmed: u.emailConfirmedAt !== null,
      isOrganizer: u.isOrganizer,
      canCreateCompetitions: organizerRights === 'everyone' || u.isAdmin || u.isOrganizer,
      idpGroups: u.idpGroups,
      notifySubmissions: u.notifySubmissions,
    };
  }

  /** A new session (30 days) for a user who proved who they are: a password here, or the identity provider. */
  async startSession(userId: string): Promise<string> {
    await this.repo.touchLogin(userId);
    return this.issueSession(userId);
  }

  /** PASSWORD_LOGIN=false: the identity provider is the only way in. */
  private requirePasswords(): void {
    if (this.config.access.passwordLogin) {
      return;
    }
    const name = this.config.access.oidc?.providerName ?? 'the identity provider';
    throw new DomainError(
      'forbidden',
      `local passwords are turned off here: sign in with ${name} (GET /api/auth/oidc/login)`,
    );
  }

  private async issueSession(userId: string): Promise<string> {
    const { token, hash } = newToken();
    await this.repo.saveToken({
      userId,
      tokenHash: hash,
      kind: 'session',
      name: null,
      expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    });
    return token;
  }
}

/** An identity behind a token, with the token's expiry (ms since the epoch; null: none). */
interface CachedIdentity {
  user: AuthUser;
  expiresAt: number | null;
}

function toAuthUser(u: { id: string; username: string; isAdmin: boolean }): AuthUser {
  return { id: u.id, username: u.username, isAdmin: u.isAdmin };
}
