import { Injectable } from '@nestjs/common';
import { AccountsService } from '@api/accounts/accounts.service';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError, forbidden, notFound } from '@api/common/domain.error';
import { OrganizersService } from '@api/organizers/organizers.service';
import { ParticipantsService } from '@api/participants/participants.service';
import type { TeamEntity } from './entities/team.entity';
import { TeamsRepository } from './teams.repository';

export interface TeamView {
  team: TeamEntity;
  members: { userId: string; username: string; status: string }[];
}

@Injectable()
export class TeamsService {
  constructor(
    private readonly repo: TeamsRepository,
    private readonly participants: ParticipantsService,
    private readonly organizers: OrganizersService,
    private readonly accounts: AccountsService,
  ) {}

  async create(competitionId: string, user: AuthUser, name: string): Promise<TeamView> {
    await this.organizers.competition(competitionId);
    const options = await this.requireTeams(competitionId);
    await this.participants.requireApproved(competitionId, user.id);
    if (await this.repo.teamOf(competitionId, user.id)) {
      throw alreadyInTeam();
    }
    const team = await this.repo.create(
      competitionId,
      name,
      user.id,
      options.requireTeamApproval ? 'pending' : 'approved',
    );
    return this.view(team);
  }

  /** Every team of the competition with its members and status, for its organizers (approval decisions). */
  async list(competitionId: string, user: AuthUser): Promise<TeamView[]> {
    await this.organizers.requireOrganizer(competitionId, user);
    return Promise.all((await this.repo.listOf(competitionId)).map((t) => this.view(t)));
  }

  /**
   * The caller's own team in a competition (with its approval status) and the teams that invited them: what a
   * participant needs to see where they stand and to accept an invitation.
   */
  async mine(competitionId: string, user: AuthUser): Promise<{ team: TeamView | null; invitations: TeamView[] }> {
    await this.organizers.competition(competitionId);
    const memberships = await this.repo.membershipsOf(competitionId, user.id);
    const teamsOf = (status: string) =>
      Promise.all(
        memberships.filter((m) => m.status === status).map(async (m) => this.view((await this.repo.find(m.teamId))!)),
      );
    const [member] = await teamsOf('member');
    return { team: member ?? null, invitations: await teamsOf('invited') };
  }

  /** An organizer approves a team (it may then submit as a team) or denies it (it may not, until approved). */
  async decide(teamId: string, user: AuthUser, decision: 'approve' | 'deny'): Promise<TeamView> {
    const team = await this.repo.find(teamId);
    if (!team) {
      throw notFound(`team ${teamId}`);
    }
    const competition = await this.organizers.competition(team.competitionId);
    if (!(await this.organizers.isOrganizer(competition, user))) {
      throw notFound(`team ${teamId}`);
    }
    const status = decision === 'approve' ? 'approved' : 'denied';
    await this.repo.setTeamStatus(teamId, status);
    return this.view({ ...team, status });
  }

  /**
   * A submission on behalf of a team: its submitter is a member, the competition has teams, and the team is approved
   * where the competition requires approval.
   */
  async requireSubmittingTeam(teamId: string, competitionId: string, userId: string): Promise<void> {
    await this.requireMember(teamId, competitionId, userId);
    await this.requireTeams(competitionId);
    const team = (await this.repo.find(teamId))!;
    if (team.status === 'pending') {
      throw forbidden(`team ${team.name} awaits the organizers' approval: submit on your own until then`);
    }
    if (team.status === 'denied') {
      throw forbidden(`the organizers did not approve team ${team.name}: it cannot submit as a team`);
    }
  }

  /** Members and organizers see a team; to anyone else it does not exist. */
  async get(teamId: string, user: AuthUser): Promise<TeamView> {
    const team = await this.visibleTeam(teamId, user);
    return this.view(team);
  }

  async invite(teamId: string, user: AuthUser, username: string): Promise<TeamView> {
    const team = await this.captainTeam(teamId, user);
    await this.requireTeams(team.competitionId);
    const invitee = await this.accounts.findByUsername(username);
    if (await this.repo.membership(teamId, invitee.id)) {
      throw new DomainError('conflict', `${invitee.username} is already invited or a member`);
    }
    await this.repo.invite(teamId, team.competitionId, invitee.id);
    return this.view(team);
  }

  async accept(teamId: string, user: AuthUser): Promise<TeamView> {
    const team = await this.repo.find(teamId);
    const membership = team && (await this.repo.membership(teamId, user.id));
    if (!team || !membership) {
      throw notFound(`team ${teamId}`);
    }
    if (membership.status === 'member') {
      return this.view(team);
    }
    await this.requireTeams(team.competitionId);
    await this.participants.requireApproved(team.competitionId, user.id);
    if (await this.repo.teamOf(team.competitionId, user.id)) {
      throw alreadyInTeam();
    }
    await this.repo.setStatus(teamId, user.id, 'invited', 'member');
    return this.view(team);
  }

  /** The captain removes members and withdraws invitations; a member may leave, or decline an invitation. */
  async remove(teamId: string, user: AuthUser, userId: string): Promise<void> {
    const team = await this.visibleTeam(teamId, user);
    if (userId !== user.id && team.captainId !== user.id) {
      throw forbidden('only the team captain may remove members');
    }
    if (userId === team.captainId) {
      throw new DomainError('conflict', 'the captain cannot leave the team');
    }
    if (!(await this.repo.remove(teamId, userId))) {
      throw notFound(`member ${userId} of team ${teamId}`);
    }
  }

  /** The entrant a user acts as in a competition: their team when they are in one, else themself (see entrantOf). */
  async entrantOfUser(competitionId: string, userId: string): Promise<string> {
    return (await this.repo.teamOf(competitionId, userId))?.teamId ?? userId;
  }

  /** Throws unless the user is a member of this team of this competition. */
  async requireMember(teamId: string, competitionId: string, userId: string): Promise<void> {
    const team = await this.repo.find(teamId);
    const membership = team && team.competitionId === competitionId ? await this.repo.membership(teamId, userId) : null;
    if (!membership || membership.status !== 'member') {
      throw forbidden('you are not a member of this team in this competition');
    }
  }

  /** CodaLab's enable_teams: without it, no team is formed and none submits. */
  private async requireTeams(competitionId: string) {
    const options = await this.repo.teamOptions(competitionId);
    if (!options) {
      throw notFound(`competition ${competitionId}`);
    }
    if (!options.enableTeams) {
      throw forbidden('this competition has no teams: participants take part on their own');
    }
    return options;
  }

  private async visibleTeam(teamId: string, user: AuthUser): Promise<TeamEntity> {
    const team = await this.repo.find(teamId);
    if (!team) {
      throw notFound(`team ${teamId}`);
    }
    if (await this.repo.membership(teamId, user.id)) {
      return team;
    }
    const competition = await this.organizers.competition(team.competitionId);
    if (await this.organizers.isOrganizer(competition, user)) {
      return team;
    }
    throw notFound(`team ${teamId}`);
  }

  private async captainTeam(teamId: string, user: AuthUser): Promise<TeamEntity> {
    const team = await this.visibleTeam(teamId, user);
    if (team.captainId !== user.id) {
      throw forbidden('only the team captain may invite');
    }
    return team;
  }

  private async view(team: TeamEntity): Promise<TeamView> {
    const members = await this.repo.members(team.id);
    const names = await this.accounts.usernames(members.map((m) => m.userId));
    return {
      team,
      members: members.map((m) => ({ userId: m.userId, username: names.get(m.userId) ?? '', status: m.status })),
    };
  }
}

const alreadyInTeam = () => new DomainError('conflict', 'you are already in a team of this competition');
