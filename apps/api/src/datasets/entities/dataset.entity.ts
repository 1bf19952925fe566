import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type DatasetKind =
  | 'scoring_program'
  | 'ingestion_program'
  | 'input_data'
  | 'reference_data'
  | 'starting_kit'
  | 'public_data'
  | 'solution';

/** A stored zip (program or data) addressed by its id, so that tasks and competitions can share it. */
@Entity('datasets')
export class DatasetEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'owner_id', type: 'uuid' }) ownerId!: string;
  @Column({ type: 'text' }) kind!: DatasetKind;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'storage_key', type: 'text' }) storageKey!: string;
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) size!: number;
  @Column({ type: 'text' }) sha256!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
