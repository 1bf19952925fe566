import { Injectable } from '@nestjs/common';
import * as bcrypt from 'bcryptjs';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError } from '@api/common/domain.error';
import { AccountsRepository } from './accounts.repository';
import { hashToken, newToken } from '@api/common/token';

const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
const BCRYPT_ROUNDS = 10;

@Injectable()
export class AccountsService {
  constructor(private readonly repo: AccountsRepository) {}

  async signUp(input: { email: string; username: string; password: string }): Promise<{ user: AuthUser; token: string }> {
    const existing = (await this.repo.findByLogin(input.email)) ?? (await this.repo.findByLogin(input.username));
    if (existing) throw new DomainError('conflict', 'an account with this email or username already exists');
    const passwordHash = await bcrypt.hash(input.password, BCRYPT_ROUNDS);
    const user = await this.repo.createUser({ email: input.email, username: input.username, passwordHash });
    return { user: toAuthUser(user), token: await this.issueSession(user.id) };
  }

  async login(login: string, password: string): Promise<{ user: AuthUser; token: string }> {
    const user = await this.repo.findByLogin(login);
    // Compare against a dummy hash when the user is unknown so timing does not reveal which accounts exist.
    const ok = await bcrypt.compare(password, user?.passwordHash ?? '$2b$10$invalidinvalidinvalidinvalidinvalidinvalidinvalidinv');
    if (!user || !ok) throw new DomainError('unauthenticated', 'wrong login or password');
    return { user: toAuthUser(user), token: await this.issueSession(user.id) };
  }

  async userForToken(token: string): Promise<AuthUser | null> {
    const user = await this.repo.userForTokenHash(hashToken(token));
    return user ? toAuthUser(user) : null;
  }

  async usernames(ids: string[]): Promise<Map<string, string>> {
    const users = await this.repo.findUsersByIds([...new Set(ids)]);
    return new Map(users.map((u) => [u.id, u.username]));
  }

  private async issueSession(userId: string): Promise<string> {
    const { token, hash } = newToken();
    await this.repo.saveToken({ userId, tokenHash: hash, kind: 'session', name: null, expiresAt: new Date(Date.now() + SESSION_TTL_MS) });
    return token;
  }
}

function toAuthUser(u: { id: string; username: string; isAdmin: boolean }): AuthUser {
  return { id: u.id, username: u.username, isAdmin: u.isAdmin };
}
