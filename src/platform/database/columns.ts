import { Column } from 'typeorm';

/** A `text` column that may be NULL: what most columns copied from an upstream are. */
export const NullableText = (): PropertyDecorator => Column('text', { nullable: true });
