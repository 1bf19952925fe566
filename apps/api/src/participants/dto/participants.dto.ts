import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class ListParticipantsQueryDto {
  @ApiPropertyOptional({ enum: ['approved', 'pending', 'denied', 'banned'] })
  @IsOptional()
  @IsIn(['approved', 'pending', 'denied', 'banned'])
  status?: 'approved' | 'pending' | 'denied' | 'banned';

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 100;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}

export class ParticipantDto {
  @ApiProperty() userId!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ enum: ['approved', 'pending', 'denied', 'banned'] }) status!: string;
  @ApiProperty({ nullable: true, type: Date }) termsAcceptedAt!: Date | null;
  @ApiProperty() registeredAt!: Date;
}

export class MessageDto {
  @ApiProperty({ example: 'Phase 2 opens on Monday' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  subject!: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  body!: string;
}

export class MessageSentDto {
  @ApiProperty({ description: 'Mails queued, one per approved participant' }) recipients!: number;
}
