import { Body, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../platform/access/decorators.js';
import type { Principal } from '../../platform/access/principal.js';
import { PreferencesDto, PreferencesPatchDto } from './preferences.dto.js';
import { withoutNulls, type Preferences } from './preferences-schema.js';
import { PreferencesService } from './preferences.service.js';
import { ApiInvidiousErrors } from '../../platform/openapi/error-responses.js';
import { InvidiousAuthController } from '../../platform/http/controllers.js';

@InvidiousAuthController('preferences')
export class PreferencesController {
  constructor(private readonly preferences: PreferencesService) {}

  @Get()
  @ApiOperation({
    operationId: 'getPreferences',
    summary: "The caller's preferences",
    description:
      'Every key: the value the user set, else the instance default (`DEFAULT_PREFERENCES`), else the built-in default. Keys whose value is null are omitted.',
  })
  @ApiOkResponse({ type: PreferencesDto, description: 'Every preference; keys whose value is null are left out' })
  async getPreferences(@CurrentPrincipal() caller: Principal): Promise<Partial<Preferences>> {
    return withoutNulls(await this.preferences.get(caller.userId));
  }

  @Post()
  @HttpCode(204)
  @ApiOperation({
    operationId: 'updatePreferences',
    summary: "Merge changes into the caller's preferences",
    description:
      'Keys present are validated and stored; absent keys keep their values, so `{}` changes nothing. Any unknown key or bad value fails the whole request (every offender is named) and nothing is written.',
  })
  @ApiBody({ type: PreferencesPatchDto })
  @ApiNoContentResponse({ description: 'Merged' })
  @ApiInvidiousErrors({ 400: 'Missing body, not a JSON object, unknown keys or invalid values; problems joined with "; "' })
  updatePreferences(@CurrentPrincipal() caller: Principal, @Body() body: PreferencesPatchDto): Promise<void> {
    return this.preferences.update(caller.userId, body.values());
  }
}
