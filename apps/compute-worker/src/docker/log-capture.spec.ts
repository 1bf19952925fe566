import { describe, expect, it } from 'vitest';
import { LogCapture } from './log-capture';

describe('LogCapture', () => {
  it('keeps everything under the cap, without a marker', () => {
    const log = new LogCapture('stdout', 100);
    log.add(Buffer.from('hello\n'));
    log.add(Buffer.from('world\n'));
    expect(log.content().toString()).toBe('hello\nworld\n');
    expect(log.truncated).toBe(false);
  });

  it('keeps the first maxBytes and appends a marker naming the stream and the cap', () => {
    const log = new LogCapture('stderr', 10);
    log.add(Buffer.from('0123456'));
    log.add(Buffer.from('789abcdef'));
    log.add(Buffer.alloc(1_000_000, 'z'));
    expect(log.total).toBe(1_000_016);
    expect(log.content().toString()).toBe(
      '0123456789\n[arena: stderr truncated after 10 bytes; 1000016 bytes written]\n',
    );
  });

  it('counts bytes exactly at the cap as not truncated', () => {
    const log = new LogCapture('stdout', 4);
    log.add(Buffer.from('abcd'));
    expect(log.truncated).toBe(false);
    expect(log.content().toString()).toBe('abcd');
  });

  it('remembers the last lines even past the cap', () => {
    const log = new LogCapture('stderr', 5);
    for (let i = 0; i < 5000; i++) {
      log.add(Buffer.from(`line ${i}\n`));
    }
    log.add(Buffer.from('Traceback (most recent call last):\nValueError: boom\n'));
    expect(log.lastLines(2)).toBe('Traceback (most recent call last):\nValueError: boom');
    expect(log.lastLines(1000).split('\n')[0]).toMatch(/^line \d+$/);
  });

  it('works as a Writable', async () => {
    const log = new LogCapture('stdout', 3);
    await new Promise<void>((resolve) => log.end(Buffer.from('abcdef'), resolve));
    expect(log.content().toString()).toMatch(/^abc\n\[arena: stdout truncated after 3 bytes/);
  });
});
