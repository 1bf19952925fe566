import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ChangeSignals } from '@api/cache-coherence/change-signals';
import { FINAL_SUBMISSION_STATUSES } from '@api/submissions/entities/submission.entity';
import { type LogChunk, LiveLogsRepository } from './live-logs.repository';
import { RunsRepository } from './runs.repository';

/** How often a followed submission is read even without an announcement (one lost, or none heard yet). */
const SAFETY_READ_MS = 3000;

/** One follower of a submission's live output: what it has of each stream (`runId:stream` -> next offset). */
export interface LogFollower {
  chunk(c: LogChunk): void;
  end(status: string): void;
  fail(e: unknown): void;
}

/** The followers of one submission in this process, and the one read of its new chunks that serves them all. */
interface Followed {
  submissionId: string;
  runIds: Promise<string[]>;
  followers: Map<LogFollower, Map<string, number>>;
  reading: boolean;
  again: boolean;
  checkStatus: boolean;
  timer: NodeJS.Timeout;
}

/**
 * Pushes a run's output to every follower in this process as soon as it is stored: the database announces each
 * stored chunk (`run_log:<run>`) and each ended submission (`submission_ended:<id>`) on the connection this process
 * already listens on (ChangeSignals), and one read per followed submission then serves all of its followers. The
 * database's work grows with the output and the submissions followed, never with the number of followers. A new
 * follower gets what was stored before it came, from the same shared read.
 */
@Injectable()
export class LiveLogHub implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LiveLogHub.name);
  private readonly followed = new Map<string, Followed>();
  private readonly byRun = new Map<string, Followed>();
  private unsubscribe?: () => void;

  constructor(
    private readonly liveLogs: LiveLogsRepository,
    private readonly runs: RunsRepository,
    private readonly signals: ChangeSignals,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.signals.subscribe((signal) => {
      // Announcements may have been missed: every followed submission is read again, its status too.
      if (!signal) {
        for (const f of this.followed.values()) {
          this.read(f, true);
        }
      } else if (signal.kind === 'run_log') {
        this.read(this.byRun.get(signal.id), false);
      } else {
        this.read(this.followed.get(signal.id), true);
      }
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    for (const f of this.followed.values()) {
      clearInterval(f.timer);
    }
  }

  /** Starts following; returns what stops it. */
  follow(submissionId: string, follower: LogFollower): () => void {
    let f = this.followed.get(submissionId);
    if (!f) {
      const created: Followed = {
        submissionId,
        // A submission's runs are fixed when it is created (a re-dispatch keeps the run): read them once.
        runIds: this.runs.forSubmission(submissionId).then((runs) => {
          const ids = runs.map((r) => r.id);
          if (this.followed.get(submissionId) === created) {
            for (const id of ids) {
              this.byRun.set(id, created);
            }
          }
          return ids;
        }),
        followers: new Map(),
        reading: false,
        again: false,
        checkStatus: false,
        timer: setInterval(() => this.read(created, true), SAFETY_READ_MS),
      };
      created.timer.unref();
      created.runIds.catch(() => undefined);
      f = created;
      this.followed.set(submissionId, f);
    }
    f.followers.set(follower, new Map());
    const followed = f;
    // The newcomer has nothing yet: the next read starts at the beginning of the output.
    this.read(followed, true);
    return () => {
      followed.followers.delete(follower);
      if (followed.followers.size === 0) {
        this.forget(followed);
      }
    };
  }

  private forget(f: Followed): void {
    if (this.followed.get(f.submissionId) !== f) {
      return;
    }
    clearInterval(f.timer);
    this.followed.delete(f.submissionId);
    void f.runIds.then(
      (ids) => ids.forEach((id) => this.byRun.get(id) === f && this.byRun.delete(id)),
      () => undefined,
    );
  }

  /** Reads what is new for the submission's followers; a read asked for while one runs makes one more after it. */
  private read(f: Followed | undefined, checkStatus: boolean): void {
    if (!f) {
      return;
    }
    f.checkStatus ||= checkStatus;
    if (f.reading) {
      f.again = true;
      return;
    }
    f.reading = true;
    void this.readLoop(f).finally(() => (f.reading = false));
  }

  private async readLoop(f: Followed): Promise<void> {
    do {
      f.again = false;
      const checkStatus = f.checkStatus;
      f.checkStatus = false;
      try {
        await this.readOnce(f, checkStatus);
      } catch (e) {
        this.logger.warn(`live logs of submission ${f.submissionId}: ${(e as Error).message}`);
        for (const follower of f.followers.keys()) {
          follower.fail(e);
        }
        f.followers.clear();
        this.forget(f);
        return;
      }
    } while (f.again && f.followers.size > 0);
  }

  private async readOnce(f: Followed, checkStatus: boolean): Promise<void> {
    if (f.followers.size === 0) {
      return;
    }
    const runIds = await f.runIds;
    // The status first: chunks stored before the submission ended are then all in the read that follows.
    const status = checkStatus ? ((await this.runs.submissionStatus(f.submissionId)) ?? 'unknown') : null;
    const from = new Map<string, number>();
    // Only the followers counted here are served by this read: one that came meanwhile has nothing yet, and would
    // otherwise take these chunks as its first and never get what came before them (the read its arrival asked for
    // serves it from the start).
    const served = [...f.followers];
    const everyone = served.map(([, seen]) => seen);
    for (const seen of everyone) {
      for (const [k, v] of seen) {
        from.set(k, Math.min(from.get(k) ?? v, v));
      }
    }
    // A stream some follower has not started reads from 0 (`since` treats a missing one so).
    const keys = [...from.keys()].filter((k) => everyone.every((seen) => seen.has(k)));
    const after = keys.map((k) => {
      const [runId, stream] = k.split(':');
      return { runId, stream, offset: from.get(k)! };
    });
    const chunks = await this.liveLogs.since(runIds, after);
    for (const [follower, seen] of served) {
      if (!f.followers.has(follower)) {
        continue;
      }
      for (const c of chunks) {
        const key = `${c.runId}:${c.stream}`;
        if (c.offset < (seen.get(key) ?? 0)) {
          continue;
        }
        follower.chunk(c);
        seen.set(key, c.offset + Buffer.byteLength(c.data));
      }
    }
    if (status !== null && (status === 'unknown' || FINAL_SUBMISSION_STATUSES.includes(status as never))) {
      // A follower that came during this read is ended by the next one, after it got the output.
      for (const [follower] of served) {
        if (f.followers.delete(follower)) {
          follower.end(status);
        }
      }
      if (f.followers.size === 0) {
        this.forget(f);
      }
    }
  }
}
