import { connectAmqp } from '@worker/queue/amqp-connect';
import { describe, expect, it } from 'vitest';
import { BROKER_URL } from './support/fixtures';

// Against the real broker: the refusals operators meet, as the worker reports them.
describe('connectAmqp against RabbitMQ', () => {
  const u = new URL(BROKER_URL);

  it('explains a wrong password', async () => {
    const bad = new URL(BROKER_URL);
    bad.password = 'definitely-wrong';
    await expect(connectAmqp(bad.toString(), 'test')).rejects.toThrow(
      new RegExp(`^the broker at ${u.hostname}:${u.port} refused user ${u.username} on vhost /: check AMQP_URL`),
    );
  });

  it('explains an unknown vhost', async () => {
    const bad = new URL(BROKER_URL);
    bad.pathname = '/no-such-vhost-arena';
    await expect(connectAmqp(bad.toString(), 'test')).rejects.toThrow(
      /refused user .* on vhost no-such-vhost-arena: check AMQP_URL/,
    );
  });

  it('explains an unreachable broker', async () => {
    await expect(connectAmqp('amqp://a:b@127.0.0.1:1', 'test')).rejects.toThrow(
      /cannot reach the broker at 127.0.0.1:1 \(ECONNREFUSED\)/,
    );
  });
});
