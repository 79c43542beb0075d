import { defineRoute } from '../../lib/define-route';
import { fileContent, IdParams, problems } from '../../lib/openapi';

export const download = defineRoute(
	{
		method: 'get',
		path: '/api/attachments/{id}',
		tags: ['Clients'],
		summary: "Download a client's attachment",
		description:
			'The decrypted file, streamed, as a download (`Content-Disposition: attachment`, `Cache-Control: no-store`, `X-Content-Type-Options: nosniff`). Every download is audited (`attachment.read`). An attachment outside your scope, or deleted, is a 404.',
		request: { params: IdParams },
		responses: {
			200: fileContent('application/octet-stream', 'The file'),
			...problems(401, 403, 404, 422)
		}
	},
	{ resource: 'client', action: 'read' }
);

export const remove = defineRoute(
	{
		method: 'delete',
		path: '/api/attachments/{id}',
		tags: ['Clients'],
		summary: "Delete a client's attachment",
		description:
			'The file is removed; devices pull a tombstone of its metadata. Audited (`attachment.delete`). The photo of a recorded consent\'s signed form is kept as its evidence (409 `consent-evidence`).',
		request: { params: IdParams },
		responses: { 204: { description: 'Deleted' }, ...problems(401, 403, 404, 409, 422) }
	},
	{ resource: 'client', action: 'update' }
);
