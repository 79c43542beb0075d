/**
 * The server log (pino, JSON lines). No personal data: request logs carry the method, the route
 * *pattern* (never the raw URL), status, duration and request id. Redaction is the safety net for
 * anything that slips through, not the plan.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export const REDACT_PATHS = [
	'password',
	'*.password',
	'newPassword',
	'*.newPassword',
	'token',
	'*.token',
	'cookie',
	'*.cookie',
	'authorization',
	'*.authorization',
	'headers',
	'*.headers',
	'body',
	'*.body',
	'username',
	'*.username',
	'email',
	'*.email',
	'req.headers.cookie',
	'req.headers.authorization',
	'res.headers["set-cookie"]'
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
	const options = {
		level,
		base: { service: 'polku-api' },
		timestamp: pino.stdTimeFunctions.isoTime,
		redact: { paths: REDACT_PATHS, censor: '[redacted]' }
	};
	return destination ? pino(options, destination) : pino(options);
}
