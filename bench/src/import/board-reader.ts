import { spawn } from 'node:child_process';

// Runs in its own process: the bench's own event loop (an upload streaming out) must not delay the reads it times.
const READER = `
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const url = new URL(process.env.READ_URL);
const every = Number(process.env.READ_EVERY_MS);
const latencies = [];
let errors = 0;
let stopping = false;
function next() {
  if (stopping) return;
  const t0 = performance.now();
  const req = http.get({ host: url.hostname, port: url.port, path: url.pathname + url.search, agent }, (res) => {
    res.resume();
    res.on('end', () => {
      if (res.statusCode === 200) latencies.push(performance.now() - t0); else errors++;
      setTimeout(next, Math.max(0, every - (performance.now() - t0)));
    });
  });
  req.on('error', () => { errors++; setTimeout(next, every); });
}
process.stdin.on('data', () => {
  stopping = true;
  process.stdout.write(JSON.stringify({ latencies, errors }), () => process.exit(0));
});
next();
`;

export interface BoardReads {
  latencies: number[];
  errors: number;
}

/** GETs `url` every `everyMs` (one at a time) from a child process until stopped; the latencies of the answered ones. */
export function readBoard(url: string, everyMs = 20): { stop: () => Promise<BoardReads> } {
  const child = spawn(process.execPath, ['-e', READER], {
    env: { ...process.env, READ_URL: url, READ_EVERY_MS: String(everyMs) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    stop: async () => {
      child.stdin.write('stop\n');
      await exited;
      return JSON.parse(out) as BoardReads;
    },
  };
}
