import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type TeamStatus = 'pending' | 'approved' | 'denied';

@Entity('teams')
export class TeamEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'competition_id', type: 'uuid' }) competitionId!: string;
  @Column({ type: 'text' }) name!: string;
  /** Created the team; invites and removes members. */
  @Column({ name: 'captain_id', type: 'uuid' }) captainId!: string;
  /** Where the competition requires approval, a team submits as a team only once an organizer approves it. */
  @Column({ type: 'text', default: 'approved' }) status!: TeamStatus;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
