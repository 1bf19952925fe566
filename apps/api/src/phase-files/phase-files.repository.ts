import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** Download counts of the files phases offer (table phase_file_downloads). */
@Injectable()
export class PhaseFilesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async countDownload(phaseId: string, name: string): Promise<void> {
    await this.db.query(
      `INSERT INTO phase_file_downloads (phase_id, name, count, last_at) VALUES ($1, $2, 1, now())
       ON CONFLICT (phase_id, name) DO UPDATE SET count = phase_file_downloads.count + 1, last_at = now()`,
      [phaseId, name],
    );
  }

  async counts(phaseId: string): Promise<Map<string, number>> {
    const rows: { name: string; count: string }[] = await this.db.query(
      'SELECT name, count FROM phase_file_downloads WHERE phase_id = $1',
      [phaseId],
    );
    return new Map(rows.map((r) => [r.name, Number(r.count)]));
  }
}
