import { Injectable } from '@nestjs/common';

/**
 * A counter this process moves on after every committed change to boards, picks or result visibility, so that
 * readers drop what they cached. Changes committed elsewhere (another process, a direct edit in SQL) move it on when
 * the database announces them (CacheCoherence); while those announcements are lost, the readers' short
 * time-to-live bounds what they miss.
 */
@Injectable()
export class LeaderboardChanges {
  private count = 0;
  private arrived = 0;
  /**
   * Whether this process hears the database's announcements (CacheCoherence listening): then a cached value stays
   * right until a change moves the generation on, and needs no time-to-live.
   */
  heard = false;

  get generation(): number {
    return this.count;
  }

  /** Moves on when results are stored that boards have yet to take in: only the boards' pending counts changed. */
  get arrivals(): number {
    return this.arrived;
  }

  changed(): void {
    this.count++;
  }

  resultsArrived(): void {
    this.arrived++;
  }
}
