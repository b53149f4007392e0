/** Domain errors of the scenarios service; the resolvers map them to GraphQL errors. */
import type { FieldError } from '../../engine/scenario/types.js';

/** The input is not valid (a scenario, override, filter, or calculator input): every field error, in path syntax. */
export class ScenarioInputError extends Error {
  constructor(
    readonly fields: FieldError[],
    what = 'invalid scenario input',
  ) {
    super(`${what}: ${fields.slice(0, 5).map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join('; ')}${fields.length > 5 ? `; and ${fields.length - 5} more` : ''}`);
  }
}

export class ScenarioNotFoundError extends Error {
  constructor(what: string) {
    super(`no scenario ${what}`);
  }
}

/** The request is valid but the scenario's state refuses it (delete with runs, stale version). */
export class ScenarioConflictError extends Error {}
