import { ApiProperty } from '@nestjs/swagger';

export class DatasetDto {
  @ApiProperty({ description: 'The key a light bundle names the dataset by' }) id!: string;
  @ApiProperty({
    enum: [
      'scoring_program',
      'ingestion_program',
      'input_data',
      'reference_data',
      'starting_kit',
      'public_data',
      'solution',
    ],
  })
  kind!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Bytes of the stored zip' }) size!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty() createdAt!: Date;
}
