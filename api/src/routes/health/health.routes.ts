import { HealthSchema } from '@polku/shared';
import { defineRoute } from '../../lib/define-route';
import { jsonContent } from '../../lib/openapi';

export const get = defineRoute(
	{
		method: 'get',
		path: '/api/health',
		tags: ['System'],
		summary: 'Is the server up?',
		responses: { 200: jsonContent(HealthSchema, 'The server answers') }
	},
	'public'
);
