/**
 * Aborts when nothing happened for `ms`: a large file may take minutes to move, but a stalled transfer should
 * not hang the worker. A plain call with no body to stream behaves like `AbortSignal.timeout(ms)`.
 */
export class IdleTimeout {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout;
  fired = false;

  constructor(private readonly ms: number) {
    this.timer = this.arm();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  touch(): void {
    if (this.fired) {
      return;
    }
    clearTimeout(this.timer);
    this.timer = this.arm();
  }

  clear(): void {
    clearTimeout(this.timer);
  }

  private arm(): NodeJS.Timeout {
    return setTimeout(() => {
      this.fired = true;
      this.controller.abort(new DOMException(`no progress for ${this.ms} ms`, 'TimeoutError'));
    }, this.ms);
  }
}
