import { Injectable } from '@nestjs/common';
import { AccountsService } from '@api/accounts/accounts.service';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError, forbidden, notFound } from '@api/common/domain.error';
import { BlobStore, type StoredObject } from '@api/storage/blob-store';
import { ObjectDeletions } from '@api/storage/object-deletions.service';
import { AdministrationRepository } from './administration.repository';
import type {
  AdminCompetitionDto,
  AdminUserDto,
  CleanupResultDto,
  StorageReportDto,
  UpdateUserDto,
} from './dto/administration.dto';

const GRACE_HOURS = 24;
const BATCH = 5000;
const KINDS = ['competitions', 'datasets', 'submissions', 'runs', 'uploads'];

/** Platform administration: users, every competition, storage and its cleanup. Admins only. */
@Injectable()
export class AdministrationService {
  constructor(
    private readonly repo: AdministrationRepository,
    private readonly accounts: AccountsService,
    private readonly store: BlobStore,
    private readonly deletions: ObjectDeletions,
  ) {}

  users(admin: AuthUser, q: string | undefined, limit: number, offset: number): Promise<AdminUserDto[]> {
    requireAdmin(admin);
    return this.repo.users(q?.trim() || undefined, limit, offset);
  }

  /** An admin cannot disable or demote themselves: the platform would be left without its last way in. */
  async updateUser(admin: AuthUser, userId: string, patch: UpdateUserDto): Promise<AdminUserDto> {
    requireAdmin(admin);
    if (!(await this.repo.user(userId))) {
      throw notFound(`user ${userId}`);
    }
    if (userId === admin.id && (patch.disabled === true || patch.isAdmin === false)) {
      throw new DomainError(
        'conflict',
        'admins cannot disable themselves or take their own admin rights: ask another admin',
      );
    }
    await this.repo.updateUser(userId, patch);
    this.accounts.forgetCachedIdentities();
    return (await this.repo.user(userId))!;
  }

  competitions(admin: AuthUser, q: string | undefined, limit: number, offset: number): Promise<AdminCompetitionDto[]> {
    requireAdmin(admin);
    return this.repo.competitions(q?.trim() || undefined, limit, offset);
  }

  async storage(admin: AuthUser): Promise<StorageReportDto> {
    requireAdmin(admin);
    const byKind = new Map<string, { objects: number; bytes: number }>();
    let objects = 0;
    let bytes = 0;
    let orphanObjects = 0;
    let orphanBytes = 0;
    await this.scan(GRACE_HOURS, (o, orphan) => {
      const kind = KINDS.find((k) => o.key.startsWith(`${k}/`)) ?? 'other';
      const k = byKind.get(kind) ?? { objects: 0, bytes: 0 };
      k.objects++;
      k.bytes += o.size;
      byKind.set(kind, k);
      objects++;
      bytes += o.size;
      if (orphan) {
        orphanObjects++;
        orphanBytes += o.size;
      }
    });
    return {
      objects,
      bytes,
      byKind: [...byKind].map(([kind, v]) => ({ kind, ...v })).sort((a, b) => b.bytes - a.bytes),
      orphanObjects,
      orphanBytes,
      pendingDeletions: await this.deletions.pending(),
      graceHours: GRACE_HOURS,
    };
  }

  /** Removes the stored objects no row names (older than `olderThanHours`), and retries the queued deletions. */
  async cleanup(admin: AuthUser, olderThanHours = GRACE_HOURS): Promise<CleanupResultDto> {
    requireAdmin(admin);
    const orphans: StoredObject[] = [];
    await this.scan(olderThanHours, (o, orphan) => orphan && orphans.push(o));
    if (orphans.length) {
      await this.store.delete(orphans.map((o) => o.key));
    }
    await this.deletions.sweep();
    return { removedObjects: orphans.length, removedBytes: orphans.reduce((n, o) => n + o.size, 0) };
  }

  /** Every stored object, with whether it is an orphan: no row names it and it is older than the grace period. */
  private async scan(graceHours: number, visit: (o: StoredObject, orphan: boolean) => unknown): Promise<void> {
    const before = Date.now() - graceHours * 3600 * 1000;
    let batch: StoredObject[] = [];
    const flush = async () => {
      const free = await this.repo.unreferenced(batch.map((o) => o.key));
      for (const o of batch) {
        visit(o, free.has(o.key) && o.modifiedAt.getTime() < before);
      }
      batch = [];
    };
    for await (const o of this.store.list('')) {
      batch.push(o);
      if (batch.length >= BATCH) {
        await flush();
      }
    }
    await flush();
  }
}

function requireAdmin(user: AuthUser): void {
  if (!user.isAdmin) {
    throw forbidden('only platform admins may do this');
  }
}
