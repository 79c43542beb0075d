import type { Handler } from '../../lib/openapi';
import { callerOf, requireAuth } from '../../lib/request-meta';
import * as attachmentService from '../../services/attachment.service';
import { searchClientsByHetu } from '../../services/client-hetu-search.service';
import * as historyService from '../../services/client-history.service';
import type * as routes from './clients.routes';

export const uploadAttachment: Handler<typeof routes.uploadAttachment> = async (c) => {
	const headers = c.req.valid('header');
	const { attachment, created } = await attachmentService.uploadAttachment(c.var.ctx, requireAuth(c).org, callerOf(c), c.req.valid('param').id, {
		id: headers['x-attachment-id'],
		kind: headers['x-attachment-kind'],
		labelHeader: headers['x-attachment-label'],
		contentTypeHeader: c.req.header('content-type'),
		contentLengthHeader: c.req.header('content-length'),
		body: c.req.raw.body
	});
	return created ? c.json(attachment, 201) : c.json(attachment, 200);
};

export const history: Handler<typeof routes.history> = (c) =>
	c.json(historyService.readClientHistory(requireAuth(c).org, callerOf(c), c.req.valid('param').id), 200);

export const revealHetu: Handler<typeof routes.revealHetu> = (c) => {
	const reveal = historyService.revealHetu(requireAuth(c).org, callerOf(c), c.req.valid('param').id);
	c.header('Cache-Control', 'no-store');
	return c.json(reveal, 200);
};

export const searchByHetu: Handler<typeof routes.searchByHetu> = (c) => {
	const result = searchClientsByHetu(requireAuth(c).org, callerOf(c), c.req.valid('json').hetu);
	c.header('Cache-Control', 'no-store');
	return c.json(result, 200);
};
