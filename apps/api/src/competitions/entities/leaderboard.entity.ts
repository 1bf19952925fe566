import type { ColumnModel, SubmissionRule } from '@arena/bundle';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('leaderboards')
export class LeaderboardEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'competition_id', type: 'uuid' }) competitionId!: string;
  @Column({ type: 'text' }) key!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'int' }) index!: number;
  @Column({ type: 'boolean', default: false }) hidden!: boolean;
  @Column({ name: 'primary_index', type: 'int', default: 0 }) primaryIndex!: number;
  @Column({ name: 'submission_rule', type: 'text' }) submissionRule!: SubmissionRule;
  @Column({ type: 'jsonb' }) columns!: ColumnModel[];
}
