import { Injectable } from '@nestjs/common';
import type { ChangeSignal } from './change-feed';

export type SignalListener = (signal: ChangeSignal | null) => void;

/**
 * The database's announcements about single things (a run's live log grew, a submission ended), as heard on this
 * process's one listening connection (CacheCoherence), for whoever follows them here. `null`: announcements may have
 * been missed (the connection was lost), so followers read again what they follow.
 */
@Injectable()
export class ChangeSignals {
  private readonly listeners = new Set<SignalListener>();

  /** Returns the unsubscription. */
  subscribe(listener: SignalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(signal: ChangeSignal | null): void {
    for (const listener of this.listeners) {
      listener(signal);
    }
  }
}
