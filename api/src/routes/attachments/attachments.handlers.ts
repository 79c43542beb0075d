import { sendDownload } from '../../lib/download';
import type { Handler } from '../../lib/openapi';
import { callerOf, requireAuth } from '../../lib/request-meta';
import * as attachmentService from '../../services/attachment.service';
import type * as routes from './attachments.routes';

export const download: Handler<typeof routes.download> = (c) => {
	const file = attachmentService.readAttachment(c.var.ctx, requireAuth(c).org, callerOf(c), c.req.valid('param').id);
	return sendDownload(c, { body: file.stream, size: file.size, contentType: file.contentType, filename: file.filename });
};

export const remove: Handler<typeof routes.remove> = (c) => {
	attachmentService.deleteAttachment(c.var.ctx, requireAuth(c).org, callerOf(c), c.req.valid('param').id);
	return c.body(null, 204);
};
