import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An organizer's own job queue: a RabbitMQ vhost with one worker user allowed to consume its jobs only. */
@Entity('queues')
export class QueueEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'owner_id', type: 'uuid' }) ownerId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) vhost!: string;
  @Column({ name: 'broker_user', type: 'text' }) brokerUser!: string;
  @Column({ name: 'is_public', type: 'boolean', default: false }) isPublic!: boolean;
  /** Its jobs need GPU workers; a worker without GPUs fails them with that reason. */
  @Column({ name: 'requires_gpu', type: 'boolean', default: false }) requiresGpu!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'credentials_issued_at', type: 'timestamptz' }) credentialsIssuedAt!: Date;
}
