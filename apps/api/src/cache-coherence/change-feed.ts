import { Client } from 'pg';

/** What a notification on the channel says changed (the payload the database triggers send). */
export type ChangeTopic = 'identities' | 'leaderboards' | 'arrivals';

export const CHANGE_TOPICS: readonly ChangeTopic[] = ['identities', 'leaderboards', 'arrivals'];

/** Notifications about one thing (`<kind>:<id>`): a run's live log grew, a submission ended. */
export type ChangeSignal = { kind: 'run_log' | 'submission_ended'; id: string };

const SIGNAL = /^(run_log|submission_ended):([0-9a-f-]{36})$/;

/** The channel the triggers of migration ChangeNotifications notify. */
export const CHANGE_CHANNEL = 'arena_changes';

/** Delays between reconnection attempts: doubling from the first to the last. */
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;
/**
 * How often the listening connection is asked to answer: one that has not answered by the next ask is taken as lost.
 * A connection can die without its socket saying so (a peer or a firewall gone silent); readers that trust their
 * caches while changes are heard (LeaderboardChanges.heard) must then learn of it within a bound.
 */
const HEARTBEAT_MS = 5000;

export interface ChangeFeedOptions {
  connectionString: string;
  /**
   * Called for each topic that changed; on every start of listening (the first too), for every topic: what changed
   * before it, while nothing listened, is unknown.
   */
  onChange: (topic: ChangeTopic) => void;
  /** Called for each signal; on every start of listening, with null (signals may have been missed). */
  onSignal?: (signal: ChangeSignal | null) => void;
  /** The listening connection was lost (it is being opened again). */
  onLost?: (error?: unknown) => void;
  /** Listening (again), after what was missed was announced: from now on every change is heard. */
  onListening?: () => void;
  /** Tests: how often the connection must answer (HEARTBEAT_MS). */
  heartbeatMs?: number;
}

/**
 * One dedicated PostgreSQL connection that LISTENs to the changes committed by any process (this one included):
 * every API process then drops what it cached about them at once, instead of after the caches' time-to-live. A lost
 * connection is retried forever with a growing delay; meanwhile the time-to-live alone bounds staleness. (Not
 * through exponential-backoff, as the worker's HTTP retries are: its pending delay cannot be cancelled, and would
 * hold a stopping API process for up to 10 s.)
 */
export class ChangeFeed {
  private client?: Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;
  private delay = FIRST_RETRY_MS;
  private heartbeat?: NodeJS.Timeout;

  constructor(private readonly options: ChangeFeedOptions) {}

  /** Resolves once listening, or after the first failure (the feed keeps retrying in the background). */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    clearInterval(this.heartbeat);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) {
      return;
    }
    const client = new Client({ connectionString: this.options.connectionString, keepAlive: true });
    this.client = client;
    // 'error' and 'end' both follow a lost connection; `lost` acts once per client.
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost || this.client !== client) {
        return;
      }
      lost = true;
      this.client = undefined;
      clearInterval(this.heartbeat);
      void client.end().catch(() => undefined);
      if (this.stopped) {
        return;
      }
      this.options.onLost?.(error);
      this.retry = setTimeout(() => void this.connect(), this.delay);
      this.delay = Math.min(this.delay * 2, MAX_RETRY_MS);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (msg) => {
      if (msg.channel !== CHANGE_CHANNEL) {
        return;
      }
      const topic = msg.payload as ChangeTopic;
      if (CHANGE_TOPICS.includes(topic)) {
        return this.options.onChange(topic);
      }
      const signal = SIGNAL.exec(msg.payload ?? '');
      if (signal) {
        this.options.onSignal?.({ kind: signal[1] as ChangeSignal['kind'], id: signal[2] });
      }
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (e) {
      onLost(e);
      return;
    }
    if (this.stopped || this.client !== client) {
      return;
    }
    this.delay = FIRST_RETRY_MS;
    // Changes committed while no connection listened were missed (before the first one too: a first attempt may
    // have failed while the process already served reads): everything is dropped.
    for (const topic of CHANGE_TOPICS) {
      this.options.onChange(topic);
    }
    this.options.onSignal?.(null);
    this.beat(client, onLost);
    this.options.onListening?.();
  }

  /**
   * Asks the connection to answer every heartbeat (LISTEN again: already listening, it does nothing, and the
   * connection keeps showing what it is for in pg_stat_activity); one still unanswered at the next is lost.
   */
  private beat(client: Client, onLost: (error?: unknown) => void): void {
    const every = this.options.heartbeatMs ?? HEARTBEAT_MS;
    let waiting = false;
    this.heartbeat = setInterval(() => {
      if (waiting) {
        return onLost(new Error(`the listening connection did not answer within ${every} ms`));
      }
      waiting = true;
      client.query(`LISTEN ${CHANGE_CHANNEL}`).then(() => (waiting = false), onLost);
    }, every);
    this.heartbeat.unref();
  }
}
