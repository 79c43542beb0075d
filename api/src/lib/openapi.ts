/**
 * Small builders for route definitions (request bodies, responses, problem answers) and the router
 * factory whose validation hook turns zod failures into 422 problems naming each field.
 */
import { OpenAPIHono, type RouteConfig, type RouteHandler } from '@hono/zod-openapi';
import { IdSchema, ProblemSchema, PROBLEM_MEDIA_TYPE } from '@polku/shared';
import { z, type ZodType } from 'zod';
import { fieldErrors } from '../middlewares/on-error';
import type { AppEnv } from './app-types';
import { ValidationFailed } from './errors';

export function createRouter(): OpenAPIHono<AppEnv> {
	return new OpenAPIHono<AppEnv>({
		defaultHook: (result) => {
			if (!result.success) throw new ValidationFailed(fieldErrors(result.error));
		}
	});
}

/** A handler for route `R`, with the app's variables (ctx, auth, requestId). */
export type Handler<R extends RouteConfig> = RouteHandler<R, AppEnv>;

export const jsonBody = <T extends ZodType>(schema: T, description: string) => ({
	required: true,
	description,
	content: { 'application/json': { schema } }
});

export const jsonContent = <T extends ZodType>(schema: T, description: string) => ({
	description,
	content: { 'application/json': { schema } }
});

/** A file in a response (a download: CSV, XLSX, PDF, an attachment). */
export const fileContent = (contentType: string, description: string) => ({
	description,
	content: { [contentType]: { schema: z.string().meta({ format: 'binary' }) } }
});

const PROBLEM_DESCRIPTIONS = {
	400: 'Malformed JSON',
	401: 'Not signed in (`unauthenticated`) or, for login, `invalid-credentials`',
	403: 'The permission matrix refuses (`forbidden`)',
	404: 'Not found, or outside your scope',
	409: 'Conflict with the current state (`conflict`)',
	413: 'Body larger than 1 MB',
	415: 'Body is not application/json',
	422: 'Validation failed: `errors` names each field',
	429: 'Too many attempts; see Retry-After'
} as const;

type ProblemStatus = keyof typeof PROBLEM_DESCRIPTIONS;

const problemContent = { [PROBLEM_MEDIA_TYPE]: { schema: ProblemSchema } } as const;

/** Problem answers a route can give, for the OpenAPI document. */
export function problems<const S extends readonly ProblemStatus[]>(...statuses: S) {
	return Object.fromEntries(
		statuses.map((s) => [s, { description: PROBLEM_DESCRIPTIONS[s], content: problemContent }])
	) as { [K in S[number]]: { description: string; content: typeof problemContent } };
}

/** What any route with a JSON body can answer besides its own outcomes. */
export const BODY_PROBLEMS = [400, 413, 415, 422] as const;

/** `{id}` in a route's path: a UUID, else 422 naming `id`. */
export const IdParams = z.object({ id: IdSchema });
