import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, type AuthUser, CurrentUser } from '@api/common/auth.decorators';
import { AdministrationService } from './administration.service';
import {
  AdminCompetitionDto,
  AdminListQueryDto,
  AdminUserDto,
  CleanupDto,
  CleanupResultDto,
  StorageReportDto,
  UpdateUserDto,
} from './dto/administration.dto';

/** Platform administration (admins only; others get 403). The default queue's workers: GET /api/queues/default/workers. */
@ApiTags('administration')
@Controller('admin')
@Authenticated()
@ApiForbiddenResponse({ description: 'Not a platform admin' })
export class AdministrationController {
  constructor(private readonly admin: AdministrationService) {}

  @Get('users')
  @ApiOkResponse({ type: [AdminUserDto] })
  users(@CurrentUser() user: AuthUser, @Query() q: AdminListQueryDto): Promise<AdminUserDto[]> {
    return this.admin.users(user, q.q, q.limit ?? 50, q.offset ?? 0);
  }

  @Patch('users/:userId')
  @ApiOkResponse({ type: AdminUserDto })
  @ApiConflictResponse({ description: 'An admin disabling or demoting themselves' })
  updateUser(
    @CurrentUser() user: AuthUser,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Body() dto: UpdateUserDto,
  ): Promise<AdminUserDto> {
    return this.admin.updateUser(user, userId, dto);
  }

  @Get('competitions')
  @ApiOkResponse({
    type: [AdminCompetitionDto],
    description: 'Every competition, whatever its visibility, most recently active first',
  })
  competitions(@CurrentUser() user: AuthUser, @Query() q: AdminListQueryDto): Promise<AdminCompetitionDto[]> {
    return this.admin.competitions(user, q.q, q.limit ?? 50, q.offset ?? 0);
  }

  @Get('storage')
  @ApiOkResponse({ type: StorageReportDto })
  storage(@CurrentUser() user: AuthUser): Promise<StorageReportDto> {
    return this.admin.storage(user);
  }

  @Post('storage/cleanup')
  @HttpCode(200)
  @ApiOkResponse({
    type: CleanupResultDto,
    description: 'Stored objects no row names, older than olderThanHours, removed',
  })
  cleanup(@CurrentUser() user: AuthUser, @Body() dto: CleanupDto): Promise<CleanupResultDto> {
    return this.admin.cleanup(user, dto.olderThanHours);
  }
}
