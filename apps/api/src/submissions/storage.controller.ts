import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser } from '@api/common/auth.decorators';
import { CompetitionStorageDto, MyStorageDto } from './dto/storage.dto';
import { StorageQuotaService } from './storage-quota.service';

@ApiTags('submissions')
@Controller()
export class StorageController {
  constructor(private readonly quota: StorageQuotaService) {}

  @Get('me/storage')
  @Authenticated()
  @ApiOkResponse({ type: MyStorageDto, description: 'What your uploads use per competition, against each quota' })
  mine(@CurrentUser() user: AuthUser): Promise<MyStorageDto> {
    return this.quota.mine(user);
  }

  @Get('competitions/:competitionId/storage')
  @Authenticated()
  @ApiOkResponse({ type: CompetitionStorageDto, description: 'Storage used by each participant (organizers)' })
  @ApiForbiddenResponse({ description: 'Not an organizer' })
  @ApiNotFoundResponse()
  ofCompetition(
    @Param('competitionId', ParseUUIDPipe) competitionId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<CompetitionStorageDto> {
    return this.quota.ofCompetition(user, competitionId);
  }
}
