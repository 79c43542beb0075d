/**
 * The HTTP application: middleware, the API routers, its documentation, and the web build outside
 * /api. `createApp` is pure wiring: everything stateful comes in through `ctx`.
 */
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { AppContext } from './context';
import { AppError } from './lib/errors';
import { createRouter } from './lib/openapi';
import { staticWeb } from './lib/static-web';
import { notFound, onError } from './middlewares/on-error';
import { requestLogger } from './middlewares/request-logger';
import { requireHttps } from './middlewares/require-https';
import { sameOrigin } from './middlewares/same-origin';
import { securityHeaders } from './middlewares/security-headers';
import { attachmentsRouter } from './routes/attachments/attachments.index';
import { attendanceRouter } from './routes/attendance/attendance.index';
import { auditRouter } from './routes/audit/audit.index';
import { authRouter } from './routes/auth/auth.index';
import { clientsRouter } from './routes/clients/clients.index';
import { coachingReportsRouter } from './routes/coaching-reports/coaching-reports.index';
import { codeListsRouter } from './routes/code-lists/code-lists.index';
import { devicesRouter } from './routes/devices/devices.index';
import { esfRouter } from './routes/esf/esf.index';
import { createDocsRouter } from './routes/docs/docs.index';
import { healthRouter } from './routes/health/health.index';
import { organisationRouter } from './routes/organisation/organisation.index';
import { statisticsRouter } from './routes/statistics/statistics.index';
import { unitsRouter } from './routes/units/units.index';
import { syncRouter } from './routes/sync/sync.index';
import { usersRouter } from './routes/users/users.index';

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Attachment uploads stream their raw body and enforce their own limit (ATTACHMENT_MAX_BYTES) while
 * reading it (services/attachment.service.ts); every other API request is held to MAX_BODY_BYTES.
 */
const STREAMED_UPLOAD = /^\/api\/clients\/[^/]+\/attachments$/;

export function createApp(ctx: AppContext) {
	const app = createRouter();
	app.openAPIRegistry.registerComponent('securitySchemes', 'deviceToken', {
		type: 'http',
		scheme: 'bearer',
		description: 'A device token `pd1.<device id>.<secret>` from POST /api/devices.'
	});
	app.use('*', async (c, next) => {
		c.set('ctx', ctx);
		await next();
	});
	app.use('*', requestId());
	app.use('*', requestLogger);
	app.use('*', securityHeaders);
	app.use('*', requireHttps);
	// Before any route's guard: a forged request is refused before its session is even looked up.
	app.use('/api/*', sameOrigin);
	const limitBody = bodyLimit({
		maxSize: MAX_BODY_BYTES,
		onError: () => {
			throw new AppError('payload-too-large', 413, 'The request body is larger than 1 MB.');
		}
	});
	app.use('/api/*', (c, next) => (c.req.method === 'POST' && STREAMED_UPLOAD.test(c.req.path) ? next() : limitBody(c, next)));
	app.onError(onError);
	app.notFound(notFound);

	const api = app
		.route('/', healthRouter)
		.route('/', authRouter)
		.route('/', organisationRouter)
		.route('/', unitsRouter)
		.route('/', usersRouter)
		.route('/', auditRouter)
		.route('/', devicesRouter)
		.route('/', syncRouter)
		.route('/', clientsRouter)
		.route('/', attachmentsRouter)
		.route('/', codeListsRouter)
		.route('/', coachingReportsRouter)
		.route('/', attendanceRouter)
		.route('/', statisticsRouter)
		.route('/', esfRouter);

	let document: Record<string, unknown> | undefined;
	api.route(
		'/',
		createDocsRouter(
			() =>
				(document ??= app.getOpenAPI31Document({
					openapi: '3.1.0',
					info: {
						title: 'Polku API',
						version: ctx.options.version,
						description:
							'Client work and statistics for Finnish youth outreach and workshops. Errors are `application/problem+json` (RFC 9457). Each operation names the permission it needs (`x-polku-permission`): `public`, `authenticated`, or `resource:action` from the permission matrix.'
					}
				}) as unknown as Record<string, unknown>)
		)
	);

	app.get('*', staticWeb(ctx.options.webDir));
	return api;
}

/** For Hono RPC clients (`hc<AppType>`). */
export type AppType = ReturnType<typeof createApp>;
