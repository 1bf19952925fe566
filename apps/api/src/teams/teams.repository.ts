import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TeamMemberEntity, type TeamMemberStatus } from './entities/team-member.entity';
import { TeamEntity, type TeamStatus } from './entities/team.entity';

@Injectable()
export class TeamsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The team and its captain's membership appear together. */
  async create(competitionId: string, name: string, captainId: string, status: TeamStatus): Promise<TeamEntity> {
    return this.db.transaction(async (m) => {
      const team = await m.save(m.create(TeamEntity, { competitionId, name, captainId, status }));
      await m.insert(TeamMemberEntity, { teamId: team.id, userId: captainId, competitionId, status: 'member' });
      return team;
    });
  }

  /** The competition's team settings (model.options; absent in no stored model since the backfill migration). */
  async teamOptions(competitionId: string): Promise<{ enableTeams: boolean; requireTeamApproval: boolean } | null> {
    const rows: { enable: boolean | null; approval: boolean | null }[] = await this.db.query(
      `SELECT (model #>> '{options,enableTeams}')::boolean AS enable, (model #>> '{options,requireTeamApproval}')::boolean AS approval
         FROM competitions WHERE id = $1`,
      [competitionId],
    );
    const r = rows[0];
    return r ? { enableTeams: r.enable ?? true, requireTeamApproval: r.approval ?? false } : null;
  }

  listOf(competitionId: string): Promise<TeamEntity[]> {
    return this.db.getRepository(TeamEntity).find({ where: { competitionId }, order: { createdAt: 'ASC' } });
  }

  async setTeamStatus(teamId: string, status: TeamStatus): Promise<void> {
    await this.db.getRepository(TeamEntity).update({ id: teamId }, { status });
  }

  find(id: string): Promise<TeamEntity | null> {
    return this.db.getRepository(TeamEntity).findOne({ where: { id } });
  }

  members(teamId: string): Promise<TeamMemberEntity[]> {
    return this.db.getRepository(TeamMemberEntity).find({ where: { teamId }, order: { createdAt: 'ASC' } });
  }

  membership(teamId: string, userId: string): Promise<TeamMemberEntity | null> {
    return this.db.getRepository(TeamMemberEntity).findOne({ where: { teamId, userId } });
  }

  /** The user's memberships and invitations in a competition, oldest first. */
  membershipsOf(competitionId: string, userId: string): Promise<TeamMemberEntity[]> {
    return this.db
      .getRepository(TeamMemberEntity)
      .find({ where: { competitionId, userId }, order: { createdAt: 'ASC' } });
  }

  teamOf(competitionId: string, userId: string): Promise<TeamMemberEntity | null> {
    return this.db.getRepository(TeamMemberEntity).findOne({ where: { competitionId, userId, status: 'member' } });
  }

  async invite(teamId: string, competitionId: string, userId: string): Promise<void> {
    await this.db.getRepository(TeamMemberEntity).insert({ teamId, competitionId, userId, status: 'invited' });
  }

  async setStatus(teamId: string, userId: string, from: TeamMemberStatus, to: TeamMemberStatus): Promise<boolean> {
    const r = await this.db.getRepository(TeamMemberEntity).update({ teamId, userId, status: from }, { status: to });
    return (r.affected ?? 0) > 0;
  }

  async remove(teamId: string, userId: string): Promise<boolean> {
    const r = await this.db.getRepository(TeamMemberEntity).delete({ teamId, userId });
    return (r.affected ?? 0) > 0;
  }
}
