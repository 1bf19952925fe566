import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { UPLOAD_PURPOSES, type UploadPurpose } from '../entities/upload.entity';

export class CreateUploadDto {
  @ApiProperty({ maxLength: 255, example: 'predictions.zip' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  filename!: string;

  @ApiProperty({ description: 'Bytes of the whole file; capped by MAX_SUBMISSION_MB or MAX_BUNDLE_MB' })
  @IsInt()
  @Min(0)
  size!: number;

  @ApiProperty({
    enum: UPLOAD_PURPOSES,
    description: 'What it will be used for: a submission file or a competition bundle',
  })
  @IsIn(UPLOAD_PURPOSES)
  purpose!: UploadPurpose;
}

export class UploadDto {
  @ApiProperty() id!: string;
  @ApiProperty() filename!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ enum: UPLOAD_PURPOSES }) purpose!: UploadPurpose;
  @ApiProperty({ description: 'Bytes of every part but the last (8 MiB)' }) partSize!: number;
  @ApiProperty() partCount!: number;
  @ApiProperty({
    type: [Number],
    description: 'Indexes (0-based) of the parts stored so far: a client resumes by sending the others',
  })
  received!: number[];
  @ApiProperty({ enum: ['open', 'complete'] }) status!: 'open' | 'complete';
}
