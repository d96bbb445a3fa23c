import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { getSchemaPath, type ReferenceObject, type RequestBodyObject, type SchemaObject } from '@nestjs/swagger';
import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { parseMultipartBody, parseMultipartParts } from './multipart.js';

/**
 * Routes that take a file (an import) take it three ways: JSON as every route does, the file itself
 * as the body in one of its media types, or the `file` part of a `multipart/form-data` body (what
 * `curl -F file=@…` and an HTML upload form send). The body parsers of the file types are app-wide
 * in Fastify, so they are installed with a guard: on every other route those types answer exactly
 * as before (415, or 404 for an unknown route), without reading the body.
 */

/** Every media type a route may take as a raw file; a route names its own subset in {@link FileUpload}. */
export const FILE_MEDIA_TYPES = ['text/csv', 'text/x-opml', 'application/xml', 'text/xml', 'text/plain', 'application/octet-stream'] as const;
export type FileMediaType = (typeof FILE_MEDIA_TYPES)[number];

/** The multipart part that carries the file. */
export const FILE_PART = 'file';

const CONFIG_KEY = 'fileUpload';

interface FileUploadConfig {
  /** Every media type the route takes, JSON and multipart included, in the order its 415 names them. */
  accepted: string[];
}

/** A file as it was sent: as the body (`mediaType` from Content-Type) or as the multipart `file` part (its own type, when it declares one). */
export class FileBody {
  constructor(
    readonly text: string,
    readonly mediaType: string | undefined,
    readonly via: 'body' | 'multipart',
  ) {}
}

/** Any JSON value, as the JSON body parser produces it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A file route's body: the file (raw or multipart), the JSON body as parsed, or undefined without a body. */
export type UploadedBody = FileBody | JsonValue | undefined;

/** Marks a route as taking a file: JSON, the spec's raw media types, and multipart with a `file` part. Its request body is {@link fileRequestBody}. */
export const FileUpload = (spec: FileUploadSpec) =>
  RouteConfig({ [CONFIG_KEY]: { accepted: ['application/json', ...Object.keys(spec.raw), 'multipart/form-data'] } satisfies FileUploadConfig });

/** The body as parsed: a {@link FileBody}, or what the JSON parser made of a JSON body (undefined for none). */
export const RequestBody = createParamDecorator(
  (_data: unknown, context: ExecutionContext): UploadedBody => context.switchToHttp().getRequest<FastifyRequest>().body as UploadedBody,
);

const essenceOf = (contentType: string) => contentType.split(';')[0].trim().toLowerCase();

function uploadOf(request: FastifyRequest): FileUploadConfig | undefined {
  return (request.routeOptions?.config as unknown as Record<string, FileUploadConfig | undefined> | undefined)?.[CONFIG_KEY];
}

/** The media types the request's route takes when it is a file route (for the 415's message), else undefined. */
export function acceptedMediaTypesOf(request: FastifyRequest): readonly string[] | undefined {
  return uploadOf(request)?.accepted;
}

/** Fastify's methods whose body it never parses. */
const BODYLESS = new Set(['GET', 'HEAD', 'TRACE']);
const FILE_TYPES: ReadonlySet<string> = new Set(FILE_MEDIA_TYPES);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Installs the guard and the parsers of {@link FILE_MEDIA_TYPES} (before the routes are added).
 * The guard runs before any body is read: a file route refuses a media type it does not name, any
 * other route the file types, each with Fastify's own 415 error, which the exception filter answers.
 */
export function installFileBodies(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    const contentType = request.headers['content-type'];
    if (contentType === undefined || BODYLESS.has(request.method) || request.is404) return payload;
    const type = essenceOf(contentType);
    const upload = uploadOf(request);
    if (upload ? !upload.accepted.includes(type) : FILE_TYPES.has(type)) throw new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE();
    return payload;
  });
  // A stream parser, so that an unknown route answers 404 without its body being read, as before.
  fastify.addContentTypeParser([...FILE_MEDIA_TYPES], (request, payload, done) => {
    if (!uploadOf(request)) return done(null, undefined);
    readBody(request, payload, request.routeOptions.bodyLimit).then((bytes) => {
      let text: string;
      try {
        text = strictUtf8.decode(bytes);
      } catch {
        return done(new BadRequestException('The file is not UTF-8 text'), undefined);
      }
      done(null, new FileBody(text, essenceOf(request.headers['content-type'] ?? ''), 'body'));
    }, done);
  });
}

/** The body within `limit` bytes, with Fastify's errors for a body too large or shorter than its Content-Length. */
function readBody(request: FastifyRequest, payload: Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (declared > limit) return reject(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      received += bytes.length;
      if (received > limit) {
        stop();
        return reject(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
      }
      chunks.push(bytes);
    };
    const onEnd = () => {
      stop();
      if (!Number.isNaN(declared) && received !== declared) return reject(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
      resolve(Buffer.concat(chunks, received));
    };
    const onError = (error: Error & { statusCode?: number }) => {
      stop();
      // An aborted or broken upload is the client's: a 400, as Fastify's own body reader answers it.
      if (!(typeof error.statusCode === 'number' && error.statusCode >= 400)) error.statusCode = 400;
      reject(error);
    };
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
    payload.resume();
  });
}

/**
 * `multipart/form-data` bodies: on a file route, the {@link FILE_PART} part as a {@link FileBody}
 * (no other part is taken), elsewhere the fields of an HTML form ({@link parseMultipartBody}).
 */
export async function parseMultipartRequest(request: FastifyRequest, body: Buffer): Promise<unknown> {
  if (!uploadOf(request)) return parseMultipartBody(request, body);
  let parts;
  try {
    parts = parseMultipartParts(request, body);
  } catch (error) {
    if (error instanceof SyntaxError) throw new BadRequestException(`Malformed multipart/form-data body: ${error.message}`);
    throw error;
  }
  const others = parts.filter((part) => part.name !== FILE_PART).map((part) => `"${part.name}"`);
  const file = parts.find((part) => part.name === FILE_PART);
  if (others.length || !file) {
    const found = others.length ? `found ${others.join(', ')}` : 'found no part';
    throw new BadRequestException(`multipart/form-data takes one part, "${FILE_PART}", with the file (curl -F ${FILE_PART}=@<path>); ${found}`);
  }
  return new FileBody(file.text, file.mediaType, 'multipart');
}

/** What a file route takes, for its route config and its OpenAPI request body. */
/** A JSON body that is the DTO's shape or one of the alternatives (e.g. a file's own JSON). */
export function jsonOneOf(dto: new () => object, ...alternatives: SchemaObject[]): SchemaObject {
  return { oneOf: [{ $ref: getSchemaPath(dto) }, ...alternatives] };
}

export interface FileUploadSpec {
  /** The `application/json` body (the JSON forms the route takes). */
  json: SchemaObject | ReferenceObject;
  /** Each raw media type the route takes, with its schema (a string: the file's text). */
  raw: Partial<Record<FileMediaType, SchemaObject>>;
  /** The multipart `file` part's description. */
  file: string;
}

/** The OpenAPI request body of a file route: each media type it takes with its schema. */
export function fileRequestBody(spec: FileUploadSpec): RequestBodyObject {
  return {
    required: true,
    content: {
      'application/json': { schema: spec.json },
      ...Object.fromEntries(Object.entries(spec.raw).map(([type, schema]) => [type, { schema }])),
      'multipart/form-data': {
        schema: { type: 'object', required: [FILE_PART], properties: { [FILE_PART]: { type: 'string', format: 'binary', description: spec.file } } },
      },
    },
  };
}
