import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on localhost, with authentication; it can be told to refuse the next messages. */
export async function startSmtp(): Promise<{
  server: SMTPServer;
  port: number;
  inbox: Received[];
  refuse: (to: string, n: number) => void;
}> {
  const inbox: Received[] = [];
  const refusals = new Map<string, number>();
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, cb) {
      if (auth.username === 'arena' && auth.password === 'smtp-secret') {
        cb(null, { user: 'arena' });
      } else {
        cb(new Error('bad credentials'));
      }
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo[0]?.address ?? '';
        if ((refusals.get(to) ?? 0) > 0) {
          refusals.set(to, refusals.get(to)! - 1);
          const err = Object.assign(new Error('try again later'), { responseCode: 451 });
          cb(err);
          return;
        }
        inbox.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { server, port, inbox, refuse: (to, n) => refusals.set(to, n) };
}
