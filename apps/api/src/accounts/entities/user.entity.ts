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
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
