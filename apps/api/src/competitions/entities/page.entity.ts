import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('competition_pages')
export class PageEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'competition_id', type: 'uuid' }) competitionId!: string;
  @Column({ type: 'int' }) index!: number;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) content!: string;
}
