import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError } from '@api/common/domain.error';
import { ApiConfig, type RateLimitSettings } from '@api/config/api-config';
import { RateLimitsRepository } from './rate-limits.repository';

/**
 * The credential and mail endpoints' limits: `login` (failed sign-ins, keyed by the login name as typed), `mail`
 * (mails asked for, keyed by the mailbox), `link` (failed confirmation and reset links) and `apiToken` (tokens
 * created, keyed by the user). Each also counts per client address.
 */
export type RateRule = Exclude<keyof RateLimitSettings, 'windowSec'>;

const RULE_NAMES: Record<RateRule, string> = { login: 'login', mail: 'mail', link: 'link', apiToken: 'api_token' };

const REFUSALS: Record<RateRule, string> = {
  login: 'too many failed sign-ins',
  mail: 'too many mails asked for',
  link: 'too many invalid links tried',
  apiToken: 'too many API tokens created',
};

/** The shape of the submission limits' refusal (LimitRefusalDto), with the window these limits slide over. */
export interface RateRefusal {
  limit: string;
  max: number;
  count: number;
  resetsAt: string;
  windowSec: number;
}

/** An attempt that counted. `refund()` takes it back where only failures count (a correct password, a valid link). */
export interface RateTicket {
  refund(): Promise<void>;
}

/**
 * Sliding-window limits shared by every API process through the database (RateLimitsRepository), so that several
 * processes behind one load balancer do not multiply what an attacker may try. A refused attempt records nothing,
 * and the answer is the same whether or not an account exists behind a login name or mailbox: keys are what the
 * client typed, never whether it matched anyone.
 */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly repo: RateLimitsRepository,
    private readonly config: ApiConfig,
  ) {}

  /** Counts an attempt under `rule` for the account (if any) and the client address, or throws a 429 refusal. */
  async take(rule: RateRule, who: { account?: string; address: string }): Promise<RateTicket> {
    const { windowSec, [rule]: limits } = this.config.rateLimits;
    const wanted = [
      ...(who.account !== undefined && limits.perAccount > 0
        ? [{ key: keyOf(rule, 'account', who.account), max: limits.perAccount, kind: 'account' }]
        : []),
      ...(limits.perAddress > 0
        ? [{ key: keyOf(rule, 'address', who.address), max: limits.perAddress, kind: 'address' }]
        : []),
    ];
    if (wanted.length === 0) {
      return NOTHING_TAKEN;
    }
    const outcome = await this.repo.take(wanted, windowSec);
    if (outcome.taken) {
      return { refund: () => this.repo.remove(outcome.hitIds) };
    }
    const kind = wanted.find((w) => w.key === outcome.refused.key)!.kind;
    const retryIn = Math.max(1, Math.ceil((outcome.resetsAt.getTime() - Date.now()) / 1000));
    const details: RateRefusal = {
      limit: `${RULE_NAMES[rule]}_per_${kind}`,
      max: outcome.refused.max,
      count: outcome.count,
      resetsAt: outcome.resetsAt.toISOString(),
      windowSec,
    };
    const whose =
      kind === 'account' ? (rule === 'mail' ? 'for this address' : 'for this account') : 'from your network address';
    throw new DomainError(
      'rate_limited',
      `${REFUSALS[rule]} ${whose} (at most ${outcome.refused.max} in ${windowSec} s); retry in ${retryIn} s`,
      details,
    );
  }

  prune(): Promise<number> {
    return this.repo.prune(this.config.rateLimits.windowSec);
  }
}

const NOTHING_TAKEN: RateTicket = { refund: () => Promise.resolve() };

/** Keys are hashed: the table keeps no login name, mailbox or address in clear. Case does not make a new key. */
function keyOf(rule: RateRule, kind: 'account' | 'address', value: string): string {
  return createHash('sha256').update(`${rule}\u0000${kind}\u0000${value.toLowerCase()}`).digest('base64url');
}
