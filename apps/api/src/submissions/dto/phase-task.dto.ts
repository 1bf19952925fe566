import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export class AddPhaseTaskDto {
  @ApiProperty({ description: "The index of one of the competition's tasks (add it with the YAML editor first)" })
  @IsInt()
  @Min(0)
  @Max(10_000)
  taskIndex!: number;

  @ApiPropertyOptional({
    enum: ['kept', 'all'],
    default: 'kept',
    description: 'Which submissions run on the new task: those kept on a board of the phase, or all that did not fail',
  })
  @IsOptional()
  @IsIn(['kept', 'all'])
  submissions?: 'kept' | 'all';
}

export class PhaseTaskAddedDto {
  @ApiProperty() phaseId!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty() taskIndex!: number;
  @ApiProperty({ description: 'Runs queued on the new task (one per chosen submission; none counts against limits)' })
  runs!: number;
}

export class PhaseTaskRemovedDto {
  @ApiProperty() phaseId!: string;
  @ApiProperty() taskId!: string;
  @ApiProperty({ description: 'Runs on the task that had not ended, now cancelled (ended runs and scores stay)' })
  cancelledRuns!: number;
}
