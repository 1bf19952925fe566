import { Injectable } from '@nestjs/common';
import type { AuthRun } from '@api/common/auth.decorators';
import { hashToken } from '@api/common/token';
import { RunsRepository } from './runs.repository';

@Injectable()
export class RunTokensService {
  constructor(private readonly runs: RunsRepository) {}

  /** A job token authorizes calls about its own run only. */
  async runForToken(token: string, runId: string | undefined): Promise<AuthRun | null> {
    const id = await this.runs.runIdForTokenHash(hashToken(token));
    if (!id || id !== runId) {
      return null;
    }
    return { runId: id };
  }
}
