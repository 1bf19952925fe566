import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class RegisterDto {
  @ApiProperty({ description: 'The participant accepts the competition terms' })
  @IsBoolean()
  acceptTerms!: boolean;
}

export class ParticipationDto {
  @ApiProperty() competitionId!: string;
  @ApiProperty({ enum: ['approved', 'pending', 'denied', 'banned', 'none'] }) status!: string;
  @ApiProperty({ nullable: true, type: Date }) termsAcceptedAt!: Date | null;
}
