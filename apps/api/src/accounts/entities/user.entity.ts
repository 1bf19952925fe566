import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) email!: string;
  @Column({ type: 'text' }) username!: string;
  @Column({ name: 'password_hash', type: 'text' }) passwordHash!: string;
  @Column({ name: 'is_admin', type: 'boolean', default: false }) isAdmin!: boolean;
  @Column({ name: 'email_confirmed_at', type: 'timestamptz', nullable: true }) emailConfirmedAt!: Date | null;
  /** Mail when one of the user's submissions finishes or fails. */
  @Column({ name: 'notify_submissions', type: 'boolean', default: true }) notifySubmissions!: boolean;
  /** A script account an admin marked as such: submission limits do not apply to it. */
  @Column({ name: 'is_robot', type: 'boolean', default: false }) isRobot!: boolean;
  /** Set by an admin: no sign-in, and none of the user's tokens works. */
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true }) disabledAt!: Date | null;
  /** May create competitions where ORGANIZER_RIGHTS=restricted (an admin grants it). */
  @Column({ name: 'is_organizer', type: 'boolean', default: false }) isOrganizer!: boolean;
  /** The identity provider account the user last signed in with (issuer, subject), and the groups it listed. */
  @Column({ name: 'idp_issuer', type: 'text', nullable: true }) idpIssuer!: string | null;
  @Column({ name: 'idp_subject', type: 'text', nullable: true }) idpSubject!: string | null;
  @Column({ name: 'idp_groups', type: 'text', array: true, default: () => "'{}'" }) idpGroups!: string[];
  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true }) lastLoginAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
