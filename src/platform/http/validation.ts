import 'reflect-metadata';
import { BadRequestException, HttpException, ValidationPipe, type ArgumentMetadata, type PipeTransform, type ValidationError } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import { getMetadataStorage, registerDecorator, validateSync } from 'class-validator';
import { ApiError, invidiousError, taError } from './api-error.js';
import type { Dialect } from './dialect.js';

/** A failed DTO validation, with each offending field's messages kept for the error body. */
export class ValidationFailedException extends BadRequestException {
  constructor(readonly fields: Record<string, string[]>) {
    super(
      Object.entries(fields)
        .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
        .join('; '),
    );
  }
}

function collect(errors: ValidationError[], prefix: string, into: Record<string, string[]>): void {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) into[field] = Object.values(error.constraints);
    if (error.children?.length) collect(error.children, field, into);
  }
}

/** One broken rule of a request DTO: the field (`''`, at step -Infinity, for the request as a whole), its value, the message. */
export interface RequestFailure {
  property: string;
  value: unknown;
  message: string;
  /** Rules of a lower step are checked first: their failure is the answer (see {@link RequestShape}). */
  step: number;
  /** Where the field came among those sent (from 0); -1 when it was not sent. */
  position?: number;
}

/**
 * How a body or query DTO of a dialect route is read and refused. Without `error`, a refusal is the
 * dialect's plain error with the first failure's message: `{"error"}` (Invidious), `{"detail"}`
 * (TubeArchivist and the browser pages).
 */
export interface RequestShape {
  dialect: Dialect;
  /**
   * The failures, in the order the route checks its fields: lowest step first, then fields in
   * declaration order; within one field, its lowest-step rule, the uppermost decorator on a tie.
   */
  error?: (failures: RequestFailure[]) => HttpException;
  /**
   * The fields to validate from what the client sent (the parsed body or query). Default: a plain
   * object as it is, anything else (no body, an array, a string) as `{}`. A string is a refusal
   * of the request as a whole, with that message.
   */
  fields?: (raw: unknown) => Record<string, unknown> | string;
  /**
   * Fields the DTO does not declare: dropped by default; `keep` keeps them, unchecked (for routes
   * that answer with the body as sent); or the message that refuses one.
   */
  unknownField?: 'keep' | { message: (name: string) => string; step?: number };
}

const SHAPE = Symbol('request-shape');

/** Marks a class as the DTO of a dialect route's body or query; {@link createValidationPipe} reads it. */
export function RequestDto(shape: RequestShape): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(SHAPE, shape, target);
  };
}

function shapeOf(type: unknown): RequestShape | undefined {
  return typeof type === 'function' ? (Reflect.getMetadata(SHAPE, type) as RequestShape | undefined) : undefined;
}

/**
 * A `fields` reader for a JSON body where no body counts as `{}` (each missing field then reports
 * its own message) and anything else but a JSON object is refused with `refusal`.
 */
export const jsonObjectBody =
  (refusal: string) =>
  (body: unknown): Record<string, unknown> | string =>
    body === undefined ? {} : body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : refusal;

/**
 * A rule as a pure function of the value (and the other fields): the message when the value breaks
 * it, else null. Runs for absent values too, unless the field is `@IsOptional()`.
 */
export function Rule(name: string, check: (value: unknown, fields: Record<string, unknown>) => string | null, step = 0): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { context: { step }, message: (args) => check(args.value, args.object as Record<string, unknown>) ?? '' },
      validator: { validate: (value: unknown, args) => check(value, args!.object as Record<string, unknown>) === null },
    });
  };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The DTO's declared fields, in declaration order. */
function fieldsOf(type: new () => object): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

function failuresOf(errors: ValidationError[]): RequestFailure[] {
  const failures: RequestFailure[] = [];
  for (const error of errors) {
    const names = Object.keys(error.constraints ?? {});
    if (!names.length) continue;
    // A rule's step is its `context.step` (built-in decorators take one as `{ context: { step } }`).
    const stepOf = (name: string) => (error.contexts?.[name] as { step?: number } | undefined)?.step ?? 0;
    // Constraints come in the order the decorators were applied: bottom-up.
    const chosen = names.reduce((best, name) => (stepOf(name) <= stepOf(best) ? name : best));
    failures.push({ property: error.property, value: error.value, message: error.constraints![chosen], step: stepOf(chosen) });
  }
  return failures;
}

function refusal(shape: RequestShape, failures: RequestFailure[]): HttpException {
  if (shape.error) return shape.error(failures);
  const message = failures[0].message;
  return shape.dialect === 'invidious' ? invidiousError(400, message) : taError(400, message);
}

/**
 * The one validation pipe. Body and query DTOs (and custom parameters) marked with {@link RequestDto} are read and refused
 * in their route's own shape, with its own messages; other DTOs get class-validator's defaults
 * (unknown fields refused, values converted to the DTO's types) and a {@link ValidationFailedException}.
 */
export class RequestValidationPipe implements PipeTransform {
  private readonly plain = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields: Record<string, string[]> = {};
      collect(errors, '', fields);
      return new ValidationFailedException(fields);
    },
  });

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // `custom`: a parameter decorator that gathers a request's fields from several places.
    if (!shapeOf(metadata.metatype) || metadata.type === 'param') return this.plain.transform(value, metadata);
    return validateRequest(metadata.metatype as new () => object, value);
  }
}

/**
 * A {@link RequestDto}'s instance from what the client sent (the parsed body or query), or the
 * route's refusal thrown: what the pipe does for such a DTO.
 */
export function validateRequest<T extends object>(type: new () => T, value: unknown): T {
  const shape = shapeOf(type);
  if (!shape) throw new Error(`${type.name} is not a @RequestDto`);
  const given = shape.fields ? shape.fields(value) : isPlainObject(value) ? value : {};
  if (typeof given === 'string') throw refusal(shape, [{ property: '', value, message: given, step: -Infinity }]);
  const declared = fieldsOf(type);
  const known: Record<string, unknown> = {};
  const kept: Record<string, unknown> = {};
  const unknown: RequestFailure[] = [];
  for (const [name, fieldValue] of Object.entries(given)) {
    if (declared.includes(name)) known[name] = fieldValue;
    else if (shape.unknownField === 'keep') kept[name] = fieldValue;
    else if (shape.unknownField)
      unknown.push({ property: name, value: fieldValue, message: shape.unknownField.message(name), step: shape.unknownField.step ?? 0 });
  }
  const dto = plainToInstance(type, known);
  const failures = [...failuresOf(validateSync(dto, { forbidUnknownValues: false })), ...unknown];
  if (failures.length) {
    // Declared fields in declaration order, then unknown ones in the order sent (a stable sort).
    const rank = (failure: RequestFailure) => (declared.includes(failure.property) ? declared.indexOf(failure.property) : declared.length);
    const sent = Object.keys(given);
    for (const failure of failures) failure.position = sent.indexOf(failure.property);
    failures.sort((a, b) => a.step - b.step || rank(a) - rank(b));
    throw refusal(shape, failures);
  }
  if (!Object.keys(kept).length) return dto;
  // The fields in the order sent, as the body was.
  const ordered = Object.create(Object.getPrototypeOf(dto) as object) as Record<string, unknown>;
  for (const name of Object.keys(given)) ordered[name] = name in kept ? kept[name] : (dto as Record<string, unknown>)[name];
  return Object.assign(ordered, dto, kept) as T;
}

/** The global pipe (see {@link RequestValidationPipe}). */
export function createValidationPipe(): RequestValidationPipe {
  return new RequestValidationPipe();
}

/**
 * A query parameter's decimal digits as a number, anything else left as it came for the validators
 * to refuse. (`@Type(() => Number)` would take `0x10` as 16, `1e3` as 1000 and `` as 0.)
 */
export const DecimalInteger = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value));

/** A query parameter given more than once counts by its last value, as in Django. */
export const LastValue = () => Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value[value.length - 1] : value));

/**
 * What {@link validateRequest} would answer `value` with (status and body), or null when it accepts
 * it: for callers that show a refusal their own way (HTML pages) and for the DTOs' unit tests.
 */
export function refusalOf(type: new () => object, value: unknown): { status: number; body: unknown } | null {
  try {
    validateRequest(type, value);
    return null;
  } catch (error) {
    if (error instanceof ApiError || error instanceof HttpException)
      return { status: error.getStatus(), body: error instanceof ApiError ? error.body : error.getResponse() };
    throw error;
  }
}
