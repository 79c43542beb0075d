import { CodeListOverrideSchema, CodeOverridesSchema, ExtensibleListIdSchema } from '@polku/shared';
import { z } from 'zod';
import { defineRoute } from '../../lib/define-route';
import { BODY_PROBLEMS, jsonBody, jsonContent, problems } from '../../lib/openapi';

export const list = defineRoute(
	{
		method: 'get',
		path: '/api/code-lists',
		tags: ['Organisation'],
		summary: "The organisation's code-list overrides",
		description: 'Hidden national codes and local codes per extensible code list; lists without overrides are absent.',
		responses: { 200: jsonContent(CodeOverridesSchema, 'The overrides'), ...problems(401) }
	},
	'authenticated'
);

export const update = defineRoute(
	{
		method: 'put',
		path: '/api/code-lists/{listId}',
		tags: ['Organisation'],
		summary: "Replace one code list's overrides",
		description:
			'Hide national codes (never `unknown`) and add or hide local codes, each mapped to a national code of the list. A local code is never removed once it exists (422 `local-removed`): hide it instead. Audited (`code-list.update`). Answers every list\'s overrides.',
		request: { params: z.object({ listId: ExtensibleListIdSchema }), body: jsonBody(CodeListOverrideSchema, "The list's overrides") },
		responses: { 200: jsonContent(CodeOverridesSchema, 'The overrides'), ...problems(401, 403, ...BODY_PROBLEMS) }
	},
	{ resource: 'organisation', action: 'update' }
);
