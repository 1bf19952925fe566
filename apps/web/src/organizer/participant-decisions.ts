export type Decision = 'approve' | 'deny' | 'ban' | 'unban';
type Status = 'approved' | 'pending' | 'denied' | 'banned';

export interface DecisionButton {
  decision: Decision;
  label: string;
  danger: boolean;
}

const APPROVE: DecisionButton = { decision: 'approve', label: 'Approve', danger: false };
const DENY: DecisionButton = { decision: 'deny', label: 'Deny', danger: false };
const BAN: DecisionButton = { decision: 'ban', label: 'Ban', danger: true };
const UNBAN: DecisionButton = { decision: 'unban', label: 'Unban', danger: false };

/** The decisions the API accepts from each status (others answer 409), so only those are offered. */
export function decisionsFor(status: Status): DecisionButton[] {
  switch (status) {
    case 'pending':
      return [APPROVE, DENY, BAN];
    case 'approved':
      return [DENY, BAN];
    case 'denied':
      return [APPROVE, BAN];
    case 'banned':
      return [UNBAN];
  }
}

/** "approved", "denied", "banned", "unbanned": the past tense for the notice after a decision. */
export function decisionDone(decision: Decision): string {
  return { approve: 'approved', deny: 'denied', ban: 'banned', unban: 'unbanned' }[decision];
}
