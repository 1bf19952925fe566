import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A user the competition's creator (or an admin) added as a fellow organizer. */
@Entity('competition_collaborators')
export class CollaboratorEntity {
  @PrimaryColumn({ name: 'competition_id', type: 'uuid' }) competitionId!: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ name: 'added_by', type: 'uuid', nullable: true }) addedBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
