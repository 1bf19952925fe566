import { connect, type ChannelModel } from 'amqplib';

/** Where the broker is and who we are, without the password, for messages an operator reads. */
export function describeAmqpUrl(url: string): { host: string; user: string; vhost: string } {
  const u = new URL(url);
  const path = u.pathname.replace(/^\//, '');
  return {
    host: u.port ? `${u.hostname}:${u.port}` : u.hostname,
    user: decodeURIComponent(u.username || 'guest'),
    vhost: path === '' ? '/' : decodeURIComponent(path),
  };
}

const UNREACHABLE = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET'];

/**
 * amqplib reports a refused login as ACCESS_REFUSED and a refused vhost only as "Expected ConnectionOpenOk; got
 * ConnectionClose"; both mean the same thing to an operator.
 */
export function explainAmqpError(err: unknown, url: string): string {
  const { host, user, vhost } = describeAmqpUrl(url);
  const e = err as { message?: string; code?: string };
  const message = e.message ?? String(err);
  if (/ACCESS.REFUSED|NOT_ALLOWED|Expected ConnectionOpenOk|403/i.test(message)) {
    return `the broker at ${host} refused user ${user} on vhost ${vhost}: check AMQP_URL (${message})`;
  }
  if (e.code && UNREACHABLE.includes(e.code)) {
    return `cannot reach the broker at ${host} (${e.code}): check AMQP_URL and that RabbitMQ runs`;
  }
  return `cannot connect to the broker at ${host} as ${user} on vhost ${vhost}: ${message}`;
}

/**
 * `connectionName` shows in the broker's connection list; `properties` are further client properties (the worker's
 * identity and capabilities, which the API reads back through the management API for queue owners).
 */
export async function connectAmqp(
  url: string,
  connectionName: string,
  properties: Record<string, unknown> = {},
): Promise<ChannelModel> {
  try {
    return await connect(url, {
      clientProperties: { ...properties, connection_name: connectionName },
      timeout: 10_000,
    });
  } catch (e) {
    throw new Error(explainAmqpError(e, url));
  }
}
