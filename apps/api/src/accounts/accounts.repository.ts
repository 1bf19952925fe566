import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import { AccessTokenEntity } from './entities/access-token.entity';
import { AccountTokenEntity, type AccountTokenPurpose } from './entities/account-token.entity';
import { UserEntity } from './entities/user.entity';
import { preparedQuery } from '@api/database/prepared-query';

/** Last-use times are written at most this often per token, so reads do not become a write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class AccountsRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(AccessTokenEntity) private readonly tokens: Repository<AccessTokenEntity>,
    @InjectRepository(AccountTokenEntity) private readonly oneTime: Repository<AccountTokenEntity>,
  ) {}

  async saveAccountToken(
    userId: string,
    purpose: AccountTokenPurpose,
    tokenHash: string,
    expiresAt: Date,
  ): Promise<void> {
    await this.oneTime.insert({ userId, purpose, tokenHash, expiresAt });
  }

  /** Uses a one-time token: returns its user once, and null for an unknown, used or expired token. */
  async consumeAccountToken(tokenHash: string, purpose: AccountTokenPurpose): Promise<string | null> {
    const r = await this.oneTime
      .createQueryBuilder()
      .update()
      .set({ usedAt: () => 'now()' })
      .where('token_hash = :tokenHash AND purpose = :purpose AND used_at IS NULL AND expires_at > now()', {
        tokenHash,
        purpose,
      })
      .returning(['userId'])
      .execute();
    const row = (r.raw as { user_id?: string; userId?: string }[])[0];
    return row ? (row.user_id ?? row.userId ?? null) : null;
  }

  async confirmEmail(userId: string): Promise<void> {
    await this.users.update({ id: userId, emailConfirmedAt: IsNull() }, { emailConfirmedAt: new Date() });
  }

  /** A new password ends every session, so whoever knew the old one is signed out. */
  async setPassword(userId: string, passwordHash: string): Promise<void> {
    await this.users.update({ id: userId }, { passwordHash });
    await this.tokens.update({ userId, kind: 'session', revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  findUser(id: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { id } });
  }

  createUser(user: Pick<UserEntity, 'email' | 'username' | 'passwordHash'>): Promise<UserEntity> {
    return this.users.save(this.users.create(user));
  }

  findByLogin(login: string): Promise<UserEntity | null> {
    return this.users
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:login) OR lower(u.username) = lower(:login)', { login })
      .getOne();
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.createQueryBuilder('u').where('lower(u.username) = lower(:username)', { username }).getOne();
  }

  findUsersByIds(ids: string[]): Promise<UserEntity[]> {
    if (ids.length === 0) {
      return Promise.resolve([]);
    }
    return this.users.createQueryBuilder('u').where('u.id = ANY(:ids)', { ids }).getMany();
  }

  async setRobot(userId: string, isRobot: boolean): Promise<boolean> {
    const r = await this.users.update({ id: userId }, { isRobot });
    return (r.affected ?? 0) > 0;
  }

  async touchLogin(userId: string): Promise<void> {
    await this.users.update({ id: userId }, { lastLoginAt: new Date() });
  }

  async setNotifySubmissions(userId: string, notify: boolean): Promise<void> {
    await this.users.update({ id: userId }, { notifySubmissions: notify });
  }

  saveToken(
    token: Pick<AccessTokenEntity, 'userId' | 'tokenHash' | 'kind' | 'name' | 'expiresAt'>,
  ): Promise<AccessTokenEntity> {
    return this.tokens.save(this.tokens.create(token));
  }

  /**
   * Every authenticated request comes here: the live token and its user in one prepared query. Not through the query
   * builder: building and hydrating through TypeORM cost more CPU per request than the query itself on a busy API.
   */
  async userForTokenHash(tokenHash: string): Promise<{ user: UserEntity; expiresAt: Date | null } | null> {
    type Row = UserRow & { token_id: string; token_last_used_at: Date | null; token_expires_at: Date | null };
    const rows = await preparedQuery<Row>(this.users.manager.connection, {
      name: 'user-for-token',
      text: `SELECT u.id, u.email, u.username, u.password_hash, u.is_admin, u.email_confirmed_at, u.notify_submissions,
                    u.is_robot, u.created_at, t.id AS token_id, t.last_used_at AS token_last_used_at,
                    t.expires_at AS token_expires_at
               FROM access_tokens t JOIN users u ON u.id = t.user_id
              WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
                AND u.disabled_at IS NULL`,
      values: [tokenHash],
    });
    const [row] = rows;
    if (!row) {
      return null;
    }
    const lastUsed = row.token_last_used_at;
    if (!lastUsed || Date.now() - new Date(lastUsed).getTime() > LAST_USED_RESOLUTION_MS) {
      await this.tokens.update({ id: row.token_id }, { lastUsedAt: new Date() });
    }
    const user = this.users.create({
      id: row.id,
      email: row.email,
      username: row.username,
      passwordHash: row.password_hash,
      isAdmin: row.is_admin,
      emailConfirmedAt: row.email_confirmed_at,
      notifySubmissions: row.notify_submissions,
      isRobot: row.is_robot,
      createdAt: row.created_at,
    });
    return { user, expiresAt: row.token_expires_at };
  }

  apiTokens(userId: string): Promise<AccessTokenEntity[]> {
    return this.tokens.find({ where: { userId, kind: 'api', revokedAt: IsNull() }, order: { createdAt: 'DESC' } });
  }

  /** Returns whether a live API token of this user was revoked. */
  async revokeApiToken(userId: string, id: string): Promise<boolean> {
    const r = await this.tokens.update({ id, userId, kind: 'api', revokedAt: IsNull() }, { revokedAt: new Date() });
    return (r.affected ?? 0) > 0;
  }

  async revokeByHash(tokenHash: string): Promise<void> {
    await this.tokens.update({ tokenHash, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}

interface UserRow {
  id: string;
  email: string;
  username: string;
  password_hash: string;
  is_admin: boolean;
  email_confirmed_at: Date | null;
  notify_submissions: boolean;
  is_robot: boolean;
  created_at: Date;
}
