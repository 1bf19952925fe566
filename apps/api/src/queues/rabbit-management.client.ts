import { Injectable } from '@nestjs/common';
import { DomainError } from '@api/common/domain.error';
import { ApiConfig } from '@api/config/api-config';

export interface Permissions {
  configure: string;
  write: string;
  read: string;
}

export interface BrokerConsumer {
  clientProperties: Record<string, unknown>;
  connectedAt: Date | null;
  /** The connection name the client gave (the worker's WORKER_NAME). */
  providedName: string | null;
  user: string | null;
}

/** The few calls of RabbitMQ's management HTTP API that organizer queues need. */
@Injectable()
export class RabbitManagementClient {
  private readonly base: string;
  private readonly auth: string;

  constructor(config: ApiConfig) {
    const u = new URL(config.rabbitMgmtUrl);
    this.auth = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
    this.base = `${u.origin}/api`;
  }

  putVhost(vhost: string): Promise<void> {
    return this.call('PUT', `/vhosts/${enc(vhost)}`, { description: 'arena organizer queue' });
  }

  deleteVhost(vhost: string): Promise<void> {
    return this.call('DELETE', `/vhosts/${enc(vhost)}`, undefined, [404]);
  }

  putUser(user: string, password: string): Promise<void> {
    return this.call('PUT', `/users/${enc(user)}`, { password, tags: '' });
  }

  deleteUser(user: string): Promise<void> {
    return this.call('DELETE', `/users/${enc(user)}`, undefined, [404]);
  }

  setPermissions(vhost: string, user: string, p: Permissions): Promise<void> {
    return this.call('PUT', `/permissions/${enc(vhost)}/${enc(user)}`, p);
  }

  /**
   * A changed password does not end open connections; rotation and revocation close them. This endpoint reads the
   * broker's connection tracking, which is immediate, unlike the statistics behind `GET /connections`.
   */
  closeConnectionsOf(user: string): Promise<void> {
    return this.call('DELETE', `/connections/username/${enc(user)}`, undefined, [404]);
  }

  /** Declares a durable queue with the given arguments (the same ones every client declares it with). */
  putQueue(vhost: string, queue: string, args: Record<string, unknown>): Promise<void> {
    return this.call('PUT', `/queues/${enc(vhost)}/${enc(queue)}`, {
      durable: true,
      auto_delete: false,
      arguments: args,
    });
  }

  async queueDepth(
    vhost: string,
    queue: string,
  ): Promise<{ ready: number; unacked: number; consumers: number } | null> {
    const q = await this.get<{ messages_ready?: number; messages_unacknowledged?: number; consumers?: number }>(
      `/queues/${enc(vhost)}/${enc(queue)}`,
    );
    return q
      ? { ready: q.messages_ready ?? 0, unacked: q.messages_unacknowledged ?? 0, consumers: q.consumers ?? 0 }
      : null;
  }

  /**
   * The connections consuming a queue, with the client properties they announced. Read from the broker's statistics,
   * which lag a few seconds behind (collect_statistics_interval): a worker that just connected may not be listed yet.
   */
  async consumersOf(vhost: string, queue: string): Promise<BrokerConsumer[]> {
    const q = await this.get<{ consumer_details?: { channel_details?: { connection_name?: string } }[] }>(
      `/queues/${enc(vhost)}/${enc(queue)}`,
    );
    const names = [
      ...new Set(
        (q?.consumer_details ?? []).map((c) => c.channel_details?.connection_name).filter((n): n is string => !!n),
      ),
    ];
    const connections = await Promise.all(
      names.map((name) =>
        this.get<{
          client_properties?: Record<string, unknown>;
          connected_at?: number;
          user_provided_name?: string;
          user?: string;
        }>(`/connections/${enc(name)}`),
      ),
    );
    return connections
      .filter((c): c is NonNullable<typeof c> => c !== null)
      .map((c) => ({
        clientProperties: c.client_properties ?? {},
        connectedAt: typeof c.connected_at === 'number' ? new Date(c.connected_at) : null,
        providedName: c.user_provided_name ?? null,
        user: c.user ?? null,
      }));
  }

  private async get<T>(path: string): Promise<T | null> {
    const res = await this.fetch('GET', path);
    if (res.status === 404) {
      return null;
    }
    if (!res.ok) {
      throw this.failure('GET', path, res.status, await res.text());
    }
    return (await res.json()) as T;
  }

  private async call(method: string, path: string, body?: unknown, okStatuses: number[] = []): Promise<void> {
    const res = await this.fetch(method, path, body);
    if (!res.ok && !okStatuses.includes(res.status)) {
      throw this.failure(method, path, res.status, await res.text());
    }
  }

  private async fetch(method: string, path: string, body?: unknown): Promise<Response> {
    try {
      return await fetch(this.base + path, {
        method,
        headers: { authorization: this.auth, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (e) {
      throw new DomainError('unavailable', `the broker's management API cannot be reached (${(e as Error).message})`);
    }
  }

  private failure(method: string, path: string, status: number, text: string): DomainError {
    return new DomainError(
      'unavailable',
      `broker management API: ${method} ${path} answered ${status} ${text.slice(0, 200)}`,
    );
  }
}

const enc = encodeURIComponent;
