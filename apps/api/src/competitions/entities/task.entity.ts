import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('tasks')
export class TaskEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'competition_id', type: 'uuid' }) competitionId!: string;
  @Column({ type: 'int' }) index!: number;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text', default: '' }) description!: string;
  @Column({ name: 'scoring_program_id', type: 'uuid', nullable: true }) scoringProgramId!: string | null;
  @Column({ name: 'ingestion_program_id', type: 'uuid', nullable: true }) ingestionProgramId!: string | null;
  @Column({ name: 'input_data_id', type: 'uuid', nullable: true }) inputDataId!: string | null;
  @Column({ name: 'reference_data_id', type: 'uuid', nullable: true }) referenceDataId!: string | null;
  /** Worker-local data (`worker://<name>`): held on the workers of the competition's queue, never uploaded. */
  @Column({ name: 'reference_data_local', type: 'text', nullable: true }) referenceDataLocal?: string | null;
  @Column({ name: 'input_data_local', type: 'text', nullable: true }) inputDataLocal?: string | null;
  @Column({ name: 'ingestion_only_during_scoring', type: 'boolean', default: false })
  ingestionOnlyDuringScoring!: boolean;
}
