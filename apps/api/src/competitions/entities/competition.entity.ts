import type { CompetitionModel } from '@arena/bundle';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('competitions')
export class CompetitionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'owner_id', type: 'uuid' }) ownerId!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text', default: '' }) description!: string;
  @Column({ name: 'docker_image', type: 'text' }) dockerImage!: string;
  @Column({ type: 'text' }) format!: 'v1' | 'v2';
  @Column({ name: 'bundle_key', type: 'text', nullable: true }) bundleKey!: string | null;
  @Column({ name: 'logo_key', type: 'text', nullable: true }) logoKey!: string | null;
  @Column({ type: 'text', nullable: true }) terms!: string | null;
  /** The normalized model as imported: settings not yet promoted to columns live here, nothing is lost. */
  @Column({ type: 'jsonb' }) model!: CompetitionModel;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
