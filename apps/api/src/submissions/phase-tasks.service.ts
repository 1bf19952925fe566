import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@api/common/auth.decorators';
import { DomainError, notFound } from '@api/common/domain.error';
import { CompetitionEditService } from '@api/competitions/competition-edit.service';
import { CompetitionsService } from '@api/competitions/competitions.service';
import { LeaderboardChanges } from '@api/leaderboards/leaderboard-changes';
import { OrganizersService } from '@api/organizers/organizers.service';
import { RunsRepository } from '@api/runs/runs.repository';
import type { PhaseTaskAddedDto, PhaseTaskRemovedDto } from './dto/phase-task.dto';
import { SubmissionsService } from './submissions.service';

/**
 * Benchmark mode: a phase gains a task after submissions were scored, and the chosen submissions are run on it
 * (without counting against any limit); a task taken off a phase keeps its runs and scores as history.
 */
@Injectable()
export class PhaseTasksService {
  constructor(
    private readonly competitions: CompetitionsService,
    private readonly edit: CompetitionEditService,
    private readonly organizers: OrganizersService,
    private readonly submissions: SubmissionsService,
    private readonly runs: RunsRepository,
    private readonly changes: LeaderboardChanges,
  ) {}

  async add(user: AuthUser, phaseId: string, taskIndex: number, which: 'kept' | 'all'): Promise<PhaseTaskAddedDto> {
    const { phase, indexes } = await this.organizedPhase(user, phaseId);
    const task = (await this.competitions.tasksOf(phase.competitionId)).find((t) => t.index === taskIndex);
    if (!task) {
      throw notFound(`task ${taskIndex} of the competition (add it to the competition's tasks first)`);
    }
    if (phase.taskIds.includes(task.id)) {
      throw new DomainError('conflict', `task ${taskIndex} "${task.name}" is already a task of phase "${phase.name}"`);
    }
    if (!task.scoringProgramId) {
      throw new DomainError('conflict', `task ${taskIndex} "${task.name}" has no scoring program`);
    }
    // Through the editor, so the competition.yaml and its checks stay the one description of the phase.
    await this.edit.changePhase(phase.competitionId, phaseId, user, { taskIndexes: [...indexes, taskIndex] });
    const competition = await this.competitions.get(phase.competitionId);
    const runs = await this.submissions.runAddedTask(
      competition,
      await this.competitions.getPhase(phaseId),
      task,
      which,
    );
    // The boards' rows now show the task as pending.
    this.changes.changed();
    return { phaseId, taskId: task.id, taskIndex, runs };
  }

  async remove(user: AuthUser, phaseId: string, taskId: string): Promise<PhaseTaskRemovedDto> {
    const { phase, indexes } = await this.organizedPhase(user, phaseId);
    const task = (await this.competitions.tasksOf(phase.competitionId)).find((t) => t.id === taskId);
    if (!task || !phase.taskIds.includes(taskId)) {
      throw notFound(`task ${taskId} of phase "${phase.name}"`);
    }
    if (phase.taskIds.length === 1) {
      throw new DomainError('conflict', `task "${task.name}" is the only task of phase "${phase.name}"`);
    }
    await this.edit.changePhase(phase.competitionId, phaseId, user, {
      taskIndexes: indexes.filter((i) => i !== task.index),
    });
    const cancelledRuns = await this.runs.cancelAddedTaskRuns(phaseId, taskId);
    this.changes.changed();
    return { phaseId, taskId, cancelledRuns };
  }

  private async organizedPhase(user: AuthUser, phaseId: string) {
    const phase = await this.competitions.getPhase(phaseId);
    await this.organizers.requireOrganizer(phase.competitionId, user);
    const competition = await this.competitions.get(phase.competitionId);
    const indexes = competition.model.phases.find((p) => p.index === phase.index)?.taskIndexes ?? [];
    return { phase, indexes };
  }
}
