import type { ValidationIssue } from "./validation";

/** A response that ends a request before its handler: `{"detail": …}` with `status`, as FastAPI's HTTPException. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof detail === "string" ? detail : `HTTP ${status}`);
  }
}

/** A 422 with FastAPI's `{"detail": [ValidationError, …]}`. */
export class ValidationFailed extends HttpError {
  constructor(readonly issues: ValidationIssue[]) {
    super(422, issues);
  }
}
