import { Injectable } from '@nestjs/common';
import type { AuthRun } from '@api/common/auth.decorators';
import { hashToken } from '@api/common/token';
import { RunsRepository } from './runs.repository';

@Injectable()
export class RunTokensService {
  constructor(private readonly runs: RunsRepository) {}

  /** A job token authorizes calls about its own run only. */
  async runForToken(token: string, runId: string | undefined): Promise<AuthRun | null> {
    const run = await this.runs.findByTokenHash(hashToken(token));
    if (!run || run.id !== runId) return null;
    return { runId: run.id };
  }
}
