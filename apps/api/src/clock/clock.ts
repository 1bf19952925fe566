import { Injectable } from '@nestjs/common';

/** The one source of "now" for rules that depend on it (phase state, daily limits), so tests can fix the time. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
