import { describe, expect, it } from 'vitest';
import { describeAmqpUrl, explainAmqpError } from './amqp-connect';

describe('describeAmqpUrl', () => {
  it('names host, user and vhost without the password', () => {
    expect(describeAmqpUrl('amqp://bob:secret@mq.local:5672/team%2Fa')).toEqual({
      host: 'mq.local:5672',
      user: 'bob',
      vhost: 'team/a',
    });
    expect(describeAmqpUrl('amqp://mq')).toEqual({ host: 'mq', user: 'guest', vhost: '/' });
  });
});

describe('explainAmqpError', () => {
  it('turns the vhost refusal into a sentence for operators', () => {
    const msg = explainAmqpError(
      new Error('Expected ConnectionOpenOk; got <ConnectionClose channel:0>'),
      'amqp://u:p@h:5672/v',
    );
    expect(msg).toMatch(/^the broker at h:5672 refused user u on vhost v: check AMQP_URL/);
    expect(msg).not.toContain(':p@');
  });
});
