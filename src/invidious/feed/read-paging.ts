import { InvalidInputError } from '../../platform/errors/domain-errors.js';
import { PageQueryError, parsePageQuery, type PageQuery } from './page-query.js';

/** The paging query of an Invidious route; a bad value is the route's 400. */
export function readPaging(query: Record<string, unknown>): PageQuery {
  try {
    return parsePageQuery(query);
  } catch (error) {
    if (error instanceof PageQueryError) throw new InvalidInputError(error.message);
    throw error;
  }
}
