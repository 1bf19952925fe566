import { Injectable } from '@nestjs/common';

/**
 * A counter this process moves on after every committed change to boards, picks or result visibility, so that
 * readers drop what they cached. Changes made elsewhere (another process, a direct edit of board settings) are seen
 * once the readers' short time-to-live has passed, or at once after a rebuild.
 */
@Injectable()
export class LeaderboardChanges {
  private count = 0;

  get generation(): number {
    return this.count;
  }

  changed(): void {
    this.count++;
  }
}
