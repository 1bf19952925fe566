import type { CompetitionModel } from '@arena/bundle';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const VISIBILITIES = ['draft', 'unlisted', 'public', 'private'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

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
  /** Who may read it (see competition-access/visibility-rules.ts); new uploads start as drafts. */
  @Column({ type: 'text', default: 'draft' }) visibility!: Visibility;
  /** The secret of its unlisted link (`?key=`), shown to organizers only; rotating it cuts off whoever held the old one. */
  @Column({ name: 'access_key', type: 'text', select: true, insert: false }) accessKey!: string;
  /** Read-only from then on: no submission, registration or edit; boards and results stay. */
  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true, insert: false }) archivedAt!: Date | null;
  /** Who may register: e-mail domains and identity-provider groups (either admits; both empty: anyone). */
  @Column({ name: 'join_email_domains', type: 'text', array: true, insert: false }) joinEmailDomains!: string[];
  @Column({ name: 'join_idp_groups', type: 'text', array: true, insert: false }) joinIdpGroups!: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
