/**
 * The one place errors become answers: application/problem+json (RFC 9457) with the request id, a
 * machine-readable `code` and, for validation failures, one entry per field (STYLE.md §4).
 * Unexpected errors are logged with the request id and answered with a generic 500.
 */
import { PROBLEM_MEDIA_TYPE, problemCodeForStatus, type FieldError, type Problem, type ProblemCode } from '@polku/shared';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError, type z } from 'zod';
import type { AppEnv } from '../lib/app-types';
import { AppError, ValidationFailed } from '../lib/errors';

const TITLES: Record<ProblemCode, string> = {
	'validation-failed': 'The request is not valid',
	'malformed-json': 'The request body is not valid JSON',
	'unsupported-media-type': 'Unsupported media type',
	'payload-too-large': 'The request body is too large',
	unauthenticated: 'Not signed in',
	'invalid-credentials': 'Sign-in failed',
	'too-many-attempts': 'Too many attempts',
	forbidden: 'Forbidden',
	'cross-origin': 'Cross-origin request refused',
	'address-not-allowed': 'Address not allowed',
	'https-required': 'HTTPS required',
	'not-found': 'Not found',
	conflict: 'Conflict',
	'device-unknown': 'Unknown device',
	'device-revoked': 'Device revoked',
	'device-expired': 'Device token expired',
	'seal-invalid': 'The sealed envelope could not be opened',
	'schema-unsupported': 'Unsupported schema version',
	'unknown-reference': 'Unknown reference',
	unavailable: 'Service unavailable',
	internal: 'Internal server error'
};

/** A problem body (also used inside 200 answers, e.g. a rejected push item). */
export function buildProblem(
	status: number,
	code: ProblemCode,
	opts: { detail?: string | undefined; errors?: FieldError[] | undefined; instance?: string; requestId?: string } = {}
): Problem {
	const body: Problem = { type: `about:blank#${code}`, title: TITLES[code], status, code };
	if (opts.instance !== undefined) body.instance = opts.instance;
	if (opts.requestId !== undefined) body.requestId = opts.requestId;
	if (opts.detail) body.detail = opts.detail;
	if (opts.errors) body.errors = opts.errors;
	return body;
}

export function problemResponse(
	c: Context<AppEnv>,
	status: ContentfulStatusCode,
	code: ProblemCode,
	opts: { detail?: string | undefined; errors?: FieldError[] | undefined; headers?: Record<string, string> | undefined } = {}
): Response {
	const body = buildProblem(status, code, { detail: opts.detail, errors: opts.errors, instance: c.req.path, requestId: c.var.requestId });
	for (const [name, value] of Object.entries(opts.headers ?? {})) c.header(name, value);
	c.header('Content-Type', PROBLEM_MEDIA_TYPE);
	return c.body(JSON.stringify(body), status);
}

/** One field error per zod issue; unknown keys get one entry each, named after the key. */
export function fieldErrors(error: z.core.$ZodError): FieldError[] {
	return error.issues.flatMap((issue): FieldError[] => {
		const path = issue.path.map(String).join('.');
		if (issue.code === 'unrecognized_keys') {
			return issue.keys.map((key) => ({
				field: path ? `${path}.${key}` : key,
				code: 'unrecognized_key',
				message: `Unknown field "${key}".`
			}));
		}
		return [{ field: path, code: issue.code, message: issue.message }];
	});
}

export const onError: ErrorHandler<AppEnv> = (err, c) => {
	if (err instanceof AppError) {
		return problemResponse(c, err.status, err.code, { detail: err.detail, errors: err.errors, headers: err.headers });
	}
	if (err instanceof ZodError) {
		const v = new ValidationFailed(fieldErrors(err));
		return problemResponse(c, v.status, v.code, { errors: v.errors });
	}
	if (err instanceof HTTPException) {
		const status = err.status as ContentfulStatusCode;
		const code = problemCodeForStatus(status);
		if (code) return problemResponse(c, status, code, { detail: err.message || undefined });
		if (status < 500) return problemResponse(c, status, 'validation-failed', { detail: err.message || undefined });
	}
	if (isBusy(err)) {
		// Another process held the write lock past busy_timeout: a retry will do, nothing was written.
		c.var.ctx.logger.warn({ reqId: c.var.requestId }, 'database busy');
		return problemResponse(c, 503, 'unavailable', { detail: 'The database is busy. Try again shortly.', headers: { 'Retry-After': '1' } });
	}
	c.var.ctx.logger.error({ err, reqId: c.var.requestId }, 'unhandled error');
	return problemResponse(c, 500, 'internal', { detail: 'Something went wrong on the server. The request id identifies it in the log.' });
};

export const notFound: NotFoundHandler<AppEnv> = (c) =>
	problemResponse(c, 404, 'not-found', { detail: 'There is no such route.' });

function isBusy(err: unknown): boolean {
	const code = (err as { code?: unknown } | null)?.code;
	return typeof code === 'string' && (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED');
}
