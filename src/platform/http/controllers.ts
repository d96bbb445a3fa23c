import { applyDecorators, Controller } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../access/decorators.js';
import { Public } from '../access/public.decorator.js';

/**
 * The kinds of controller tubevault has, each declared once: its path, the OpenAPI tag its routes
 * are listed under, and who may call it (docs/architecture.md#add-an-endpoint).
 */

/** Invidious routes under the scope base `/api/v1/auth/`; the tag is the path's segment unless the path is given. */
export const InvidiousAuthController = (tag: string, path = `api/v1/auth/${tag}`) => applyDecorators(ApiTags(tag), Controller(path));

/** Routes anyone may call without a credential. */
export const PublicController = (tag: string, path = '/') => applyDecorators(ApiTags(tag), Controller(path), Public());

/** tubevault's admin resources under `/api/<name>/` (admin accounts only), listed under their name. */
export const AdminController = (name: string) => applyDecorators(ApiTags(name), AdminOnly(), Controller(`api/${name}`));

/** TubeArchivist routes, all listed under the `tubearchivist` tag. */
export const TubeArchivistController = (path: string) => applyDecorators(ApiTags('tubearchivist'), Controller(path));

/**
 * HTML pages for people (the `browser` tag). They lie outside the API's scope bases, so they are
 * public for the guard; a page that needs a browser session checks the SID cookie itself.
 */
export const HtmlController = (path = '/') => applyDecorators(ApiTags('browser'), ApiProduces('text/html'), Controller(path), Public());
