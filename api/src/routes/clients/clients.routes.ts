import {
	ATTACHMENT_CONTENT_TYPES,
	ATTACHMENT_MAX_BYTES,
	AttachmentSchema,
	AttachmentUploadHeadersSchema,
	ClientHetuSearchResultSchema,
	ClientHetuSearchSchema,
	ClientHistorySchema,
	HetuRevealSchema
} from '@polku/shared';
import { z } from 'zod';
import { defineRoute } from '../../lib/define-route';
import { BODY_PROBLEMS, IdParams, jsonBody, jsonContent, problems } from '../../lib/openapi';

const fileBody = z.string().meta({ format: 'binary' });

export const uploadAttachment = defineRoute(
	{
		method: 'post',
		path: '/api/clients/{id}/attachments',
		tags: ['Clients'],
		summary: 'Upload an attachment of a client',
		description: `The file is the raw body (at most ${ATTACHMENT_MAX_BYTES} bytes, streamed: 413 naming \`file\` beyond that), its \`Content-Type\` one of ${ATTACHMENT_CONTENT_TYPES.join(', ')} and matching the file's magic bytes (415 naming \`file\`). A body that breaks off before the whole file arrived (the client went away) is a 400 naming \`file\` (\`incomplete\`). \`X-Attachment-Id\` is made by the client: a retry with the same id and the same content answers 200 with the stored metadata. \`X-Attachment-Label\` is URI-encoded and encrypted at rest. The file is encrypted on disk; devices pull the metadata, never the file. A client outside your scope is a 404.`,
		request: {
			params: IdParams,
			headers: AttachmentUploadHeadersSchema,
			body: {
				required: true,
				description: 'The file',
				content: Object.fromEntries(ATTACHMENT_CONTENT_TYPES.map((type) => [type, { schema: fileBody }]))
			}
		},
		responses: {
			201: jsonContent(AttachmentSchema, 'The stored attachment'),
			200: jsonContent(AttachmentSchema, 'A retried upload: the attachment stored before'),
			400: { ...problems(400)[400], description: 'The body broke off before the whole file arrived (`file`: `incomplete`)' },
			...problems(401, 403, 404, 409, 413, 415, 422)
		}
	},
	{ resource: 'client', action: 'update' }
);

export const history = defineRoute(
	{
		method: 'get',
		path: '/api/clients/{id}/history',
		tags: ['Clients'],
		summary: "A client's field history and who has read the record",
		description:
			'Every field change (who, when, from what, to what) of the client and of the records merged into it, newest first; the henkilötunnus only as changed, special categories only for roles that may read them. `reads` lists the audited reads of the record. The read is itself audited (`client.history-read`). A client outside your scope is a 404.',
		request: { params: IdParams },
		responses: { 200: jsonContent(ClientHistorySchema, 'The history'), ...problems(401, 403, 404, 422) }
	},
	{ resource: 'client', action: 'read' }
);

export const revealHetu = defineRoute(
	{
		method: 'post',
		path: '/api/clients/{id}/hetu/reveal',
		tags: ['Clients'],
		summary: "Reveal a client's henkilötunnus",
		description:
			'The henkilötunnus in full (it is masked everywhere else), with `Cache-Control: no-store`. Every reveal is audited (`client.hetu-reveal`). 404 when the client has none or is outside your scope.',
		request: { params: IdParams },
		responses: { 200: jsonContent(HetuRevealSchema, 'The henkilötunnus'), ...problems(401, 403, 404, 422) }
	},
	{ resource: 'client', action: 'read' }
);

export const searchByHetu = defineRoute(
	{
		method: 'post',
		path: '/api/clients/search-by-hetu',
		tags: ['Clients'],
		summary: 'Find clients by henkilötunnus',
		description:
			'Exact search by henkilötunnus, online only: devices hold nothing that can test a code. The code goes in the JSON body, never in the address. The server normalises it (422 naming `hetu` with `hetu-format`, `hetu-century`, `hetu-date`, `hetu-individual-number` or `hetu-checksum` when it is not a valid code) and matches it against its blind index. Answers the clients with that code that you may read (as in pulls; in practice one or none): a client outside your scope is answered like no match. Every search is audited (`client.hetu-search`, naming the client found, never the code) and a client delivered with a `client.read` row. `Cache-Control: no-store`.',
		request: { body: jsonBody(ClientHetuSearchSchema, 'The henkilötunnus') },
		responses: { 200: jsonContent(ClientHetuSearchResultSchema, 'The matching clients you may read'), ...problems(401, 403, ...BODY_PROBLEMS) }
	},
	{ resource: 'client', action: 'read' }
);
