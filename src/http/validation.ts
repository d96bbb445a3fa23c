import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/** A failed DTO validation, with each offending field's messages kept for the error body. */
export class ValidationFailedException extends BadRequestException {
  constructor(readonly fields: Record<string, string[]>) {
    super(Object.entries(fields).map(([field, messages]) => `${field}: ${messages.join(', ')}`).join('; '));
  }
}

function collect(errors: ValidationError[], prefix: string, into: Record<string, string[]>): void {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) into[field] = Object.values(error.constraints);
    if (error.children?.length) collect(error.children, field, into);
  }
}

/** The global pipe: unknown fields are refused, values are converted to the DTO's types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields: Record<string, string[]> = {};
      collect(errors, '', fields);
      return new ValidationFailedException(fields);
    },
  });
}
