import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import { AccessTokenEntity } from './entities/access-token.entity';
import { UserEntity } from './entities/user.entity';

@Injectable()
export class AccountsRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(AccessTokenEntity) private readonly tokens: Repository<AccessTokenEntity>,
  ) {}

  createUser(user: Pick<UserEntity, 'email' | 'username' | 'passwordHash'>): Promise<UserEntity> {
    return this.users.save(this.users.create(user));
  }

  findByLogin(login: string): Promise<UserEntity | null> {
    return this.users
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:login) OR lower(u.username) = lower(:login)', { login })
      .getOne();
  }

  findUsersByIds(ids: string[]): Promise<UserEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.users.createQueryBuilder('u').where('u.id = ANY(:ids)', { ids }).getMany();
  }

  saveToken(token: Pick<AccessTokenEntity, 'userId' | 'tokenHash' | 'kind' | 'name' | 'expiresAt'>): Promise<AccessTokenEntity> {
    return this.tokens.save(this.tokens.create(token));
  }

  async userForTokenHash(tokenHash: string): Promise<UserEntity | null> {
    const token = await this.tokens.findOne({ where: { tokenHash, revokedAt: IsNull() } });
    if (!token || (token.expiresAt && token.expiresAt.getTime() < Date.now())) return null;
    return this.users.findOne({ where: { id: token.userId } });
  }
}
