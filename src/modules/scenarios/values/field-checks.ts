/** Bounds checks for the calculators' plain-number inputs, reporting field paths like the engine. */
import type { FieldError } from '../../../engine/scenario/types.js';
import { boundViolation, type Bounds } from '../../../engine/scenario/validate-kit.js';
import { ScenarioInputError } from '../scenario.errors.js';

export class FieldChecks {
  readonly errors: FieldError[] = [];

  /** A number (when present) inside its bounds; GraphQL Float already refuses NaN and Infinity. */
  num(value: number | null | undefined, path: string, bounds: Bounds): void {
    if (value === undefined || value === null) return;
    if (!Number.isFinite(value)) {
      this.errors.push({ path, message: `must be a finite number, got ${value}` });
      return;
    }
    const violation = boundViolation(value, bounds);
    if (violation) this.errors.push({ path, message: violation });
  }

  fail(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  /** Throws every error found, as one BAD_USER_INPUT. */
  throwIfAny(what: string): void {
    if (this.errors.length > 0) throw new ScenarioInputError(this.errors, what);
  }
}
