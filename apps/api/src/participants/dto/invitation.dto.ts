import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';

export class InviteParticipantsDto {
  @ApiProperty({ type: [String], description: 'Addresses to invite (1 to 200); each gets a link by mail' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsEmail({}, { each: true })
  @MaxLength(254, { each: true })
  emails!: string[];

  @ApiPropertyOptional({ description: "The organizers' words, added to the mail" })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  message?: string;
}

export class InvitationDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['pending', 'accepted', 'revoked', 'expired'] }) status!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() expiresAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) acceptedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'Who accepted it' }) acceptedBy!: string | null;
}

export class InvitationLookupDto {
  @ApiProperty() competitionId!: string;
  @ApiProperty() competitionTitle!: string;
  @ApiProperty({ description: 'The address it was sent to: accept it signed in with that address' }) email!: string;
  @ApiProperty({ enum: ['pending', 'accepted', 'revoked', 'expired'] }) status!: string;
  @ApiProperty() expiresAt!: Date;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The invitee accepts the competition terms' })
  @IsBoolean()
  acceptTerms!: boolean;
}
