import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type ParticipantStatus = 'approved' | 'pending' | 'denied' | 'banned';

@Entity('participants')
export class ParticipantEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'competition_id', type: 'uuid' }) competitionId!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ type: 'text' }) status!: ParticipantStatus;
  @Column({ name: 'terms_accepted_at', type: 'timestamptz', nullable: true }) termsAcceptedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
