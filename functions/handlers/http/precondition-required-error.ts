import { DomainError } from '../../core/errors.js';

/** A conditional write arrived without `If-Match`: the client must say which version it edits. */
export class PreconditionRequiredError extends DomainError {
  constructor(message = 'If-Match with the version being edited is required', details: Record<string, unknown> = {}) {
    super(428, 'precondition-required', message, details);
    this.name = 'PreconditionRequiredError';
  }
}
