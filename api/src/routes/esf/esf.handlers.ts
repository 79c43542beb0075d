import type { Context } from 'hono';
import type { AppEnv } from '../../lib/app-types';
import { sendBytes } from '../../lib/download';
import type { Handler } from '../../lib/openapi';
import { callerOf, requireAuth } from '../../lib/request-meta';
import * as esf from '../../services/esf-participants.service';
import type * as routes from './esf.routes';

type Query = esf.EsfParticipantsQuery & { lang?: 'fi' | 'sv' | 'en' | undefined };

async function sendFile(c: Context<AppEnv>, query: Query, format: esf.EsfFileFormat) {
	const auth = requireAuth(c);
	const { lang, ...q } = query;
	const file = await esf.exportEsfParticipants(c.var.ctx, auth.org, callerOf(c), q, lang ?? auth.user.locale, format);
	return sendBytes(c, file);
}

export const participantsCsv: Handler<typeof routes.participantsCsv> = (c) => sendFile(c, c.req.valid('query'), 'csv');
export const participantsXlsx: Handler<typeof routes.participantsXlsx> = (c) => sendFile(c, c.req.valid('query'), 'xlsx');
