import { Transform } from 'class-transformer';
import { RequestDto, Rule } from '../../platform/http/validation.js';
import { MAX_RESULTS, PAGE, pageParamProblem, pageParamValue, type IntegerRange } from './page-query.js';

/** An integer query parameter of the paging query, within `range`; empty is `fallback`. */
export function PageParam(name: string, range: IntegerRange, fallback?: number): PropertyDecorator {
  return (target, property) => {
    Transform(({ value }: { value: unknown }) => pageParamValue(value, range) ?? fallback)(target, property);
    Rule('pageParam', (value) => pageParamProblem(name, value, range))(target, property);
  };
}

/**
 * The feed's and the history's paging query (each route documents its parameters in a subclass);
 * other parameters are ignored.
 */
@RequestDto({ dialect: 'invidious' })
export class PageQueryDto {
  /** Absent: the caller's `max_results` preference applies. */
  @PageParam('max_results', MAX_RESULTS)
  max_results?: number;

  @PageParam('page', PAGE, 1)
  page: number = 1;
}
