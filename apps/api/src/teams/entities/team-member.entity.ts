import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type TeamMemberStatus = 'invited' | 'member';

/** A member, or an invitation until accepted; a person is a member of at most one team per competition. */
@Entity('team_members')
export class TeamMemberEntity {
  @PrimaryColumn({ name: 'team_id', type: 'uuid' }) teamId!: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ name: 'competition_id', type: 'uuid' }) competitionId!: string;
  @Column({ type: 'text' }) status!: TeamMemberStatus;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
