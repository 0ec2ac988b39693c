/** A domain error with a stable code; the server maps codes to HTTP status and problem+json. */
export class SoriError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'SoriError';
  }
}

/** HTTP status for each stable error code (anything else is 500). */
export const ERROR_STATUS: Record<string, number> = {
  validation_failed: 400,
  bad_request: 400,
  invalid_json: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  invalid_token: 401,
  signature_missing: 401,
  signature_malformed: 401,
  signature_mismatch: 401,
  signature_expired: 401,
  forbidden: 403,
  csrf_rejected: 403,
  not_found: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  workspace_not_found: 404,
  conflict: 409,
  import_cancelled: 409,
  count_changed: 409,
  not_running: 409,
  // Undoing an import (src/removal/undo-import.ts): still running (cancel it first), undone already, a dry run.
  import_running: 409,
  already_undone: 409,
  dry_run_import: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  data_dir_locked: 423,
  rate_limited: 429,
  not_enough_labels: 422,
  no_business_hours: 422,
};
