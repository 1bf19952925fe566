import { Writable } from 'node:stream';
import { jsonLogOptions } from '@arena/observability';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { JsonLogger } from './json-logger';

function sink(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return {
    stream,
    lines: () =>
      text
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('JsonLogger (LOG_FORMAT=json)', () => {
  it("writes Nest's calls as the worker's JSON lines, with the context and an error's stack", () => {
    const out = sink();
    const logger = new JsonLogger('log', out.stream);
    logger.log('API listening', 'Arena');
    logger.error('could not publish', 'Error: boom\n    at x', 'RunDispatcher');
    logger.warn({ run: 'r1' }, 'RunLeaseReaper');
    logger.debug('not at this level', 'Arena');
    const [listening, failed, warned, ...rest] = out.lines();
    expect(rest).toEqual([]);
    expect(listening).toMatchObject({
      level: 'info',
      name: 'api',
      context: 'Arena',
      msg: 'API listening',
      pid: process.pid,
    });
    expect(new Date(listening.time as string).toISOString()).toBe(listening.time);
    expect(failed).toMatchObject({
      level: 'error',
      context: 'RunDispatcher',
      stack: 'Error: boom\n    at x',
      msg: 'could not publish',
    });
    expect(warned).toMatchObject({ level: 'warn', context: 'RunLeaseReaper', run: 'r1' });
  });

  it('uses the same keys as the worker', () => {
    const api = sink();
    new JsonLogger('log', api.stream).log('hello', 'Arena');
    const worker = sink();
    pino(jsonLogOptions('compute-worker', 'info'), worker.stream).info('hello');
    const keys = (line: Record<string, unknown>) => Object.keys(line).filter((k) => k !== 'context');
    expect(keys(api.lines()[0])).toEqual(keys(worker.lines()[0]));
    expect(keys(worker.lines()[0])).toEqual(['level', 'time', 'pid', 'name', 'msg']);
  });
});
