/** Domain errors of the results API; the resolvers and the export controller map them. */

/** An argument out of its bounds; `field` names it. */
export class InvalidResultArgsError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidResultArgsError';
  }
}

export class ResultRunNotFoundError extends Error {
  constructor(readonly runId: string) {
    super(`run ${runId} does not exist`);
    this.name = 'ResultRunNotFoundError';
  }
}

/** The run has no results to export yet (or never will). */
export class ResultsNotReadyError extends Error {
  constructor(
    readonly runId: string,
    readonly status: string,
  ) {
    super(`run ${runId} is ${status}: results exist only once it has SUCCEEDED`);
    this.name = 'ResultsNotReadyError';
  }
}
