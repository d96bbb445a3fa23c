import { Body, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { taError } from '../../platform/http/api-error.js';
import { TubeArchivistErrorDto } from '../../platform/http/error-dtos.js';
import { CreateUserDto, RotateTaTokenResultDto, toUserDto, UserDto } from './users.dto.js';
import { UsersService } from './users.service.js';
import { AdminController } from '../../platform/http/controllers.js';

/** Largest `serial` id; a larger number cannot name a user (and would make Postgres fail). */
const MAX_USER_ID = 2_147_483_647;

/** `:id` as a user id: not an integer → 400; an integer no user can have → 404. */
function parseUserId(raw: string): number {
  if (!/^-?\d+$/.test(raw)) throw taError(400, 'A valid integer is required.');
  const id = Number(raw);
  if (id < 1 || id > MAX_USER_ID) throw taError(404, 'Not found.');
  return id;
}

/** The 503 of routes that end sessions: every instance must hear of it first (docs/security.md). */
const NotAnnouncedResponse = (what: string) =>
  ApiServiceUnavailableResponse({
    type: TubeArchivistErrorDto,
    description: `Redis is unavailable, so the other instances could not be told: nothing was ${what}; see Retry-After`,
    headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } },
  });

@AdminController('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ operationId: 'listUsers', summary: 'Every user, by id (admins only)' })
  @ApiOkResponse({ type: [UserDto] })
  async listUsers(): Promise<UserDto[]> {
    return (await this.users.list()).map(toUserDto);
  }

  @Post()
  @ApiOperation({ operationId: 'createUser', summary: 'Create a user (admins only)' })
  @ApiCreatedResponse({
    type: UserDto,
    headers: { Location: { schema: { type: 'string', example: '/api/users/2/' }, description: 'The new user' } },
  })
  @ApiBadRequestResponse({ type: TubeArchivistErrorDto, description: 'Invalid or unknown fields' })
  @ApiConflictResponse({ type: TubeArchivistErrorDto, description: 'The username is taken (compared case-insensitively)' })
  async createUser(@Body() body: CreateUserDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<UserDto> {
    const user = await this.users.create(body.username, body.password, body.is_admin ?? false);
    void reply.header('location', `/api/users/${user.id}/`);
    return toUserDto(user);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteUser',
    summary: 'Delete a user and everything they own; their sessions stop working at once (admins only)',
    description: 'Refused with 409 when it would leave no admin: an admin may delete themself only while another admin exists.',
  })
  @ApiParam({ name: 'id', schema: { type: 'integer', minimum: 1 } })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiBadRequestResponse({ type: TubeArchivistErrorDto, description: 'The id is not an integer' })
  @ApiNotFoundResponse({ type: TubeArchivistErrorDto, description: 'No such user' })
  @ApiConflictResponse({ type: TubeArchivistErrorDto, description: 'The user is the only admin' })
  @NotAnnouncedResponse('deleted')
  async deleteUser(@Param('id') rawId: string): Promise<void> {
    const deleted = await this.users.delete(parseUserId(rawId), { keepAnAdmin: true });
    if (!deleted) throw taError(404, 'Not found.');
  }

  @Post(':id/rotate-ta-token')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rotateTaToken',
    summary: "Rotate a user's TubeArchivist token: the old one is refused at once on every instance (admins only)",
    description:
      "The token `POST /api/login/` returns never expires. This revokes the session behind it, so every instance refuses the old token as soon as this answers, and the next login returns a new token. The user's other sessions and tokens are kept.",
  })
  @ApiParam({ name: 'id', schema: { type: 'integer', minimum: 1 } })
  @ApiOkResponse({ type: RotateTaTokenResultDto })
  @ApiBadRequestResponse({ type: TubeArchivistErrorDto, description: 'The id is not an integer' })
  @ApiNotFoundResponse({ type: TubeArchivistErrorDto, description: 'No such user' })
  @NotAnnouncedResponse('revoked')
  async rotateTaToken(@Param('id') rawId: string): Promise<RotateTaTokenResultDto> {
    const id = parseUserId(rawId);
    const result = await this.users.rotateTaToken(id);
    if (!result) throw taError(404, 'Not found.');
    return { user_id: id, revoked: result.revoked };
  }
}
