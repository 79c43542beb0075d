import { z } from 'zod';
import { defineRoute } from '../../lib/define-route';

export const openapi = defineRoute(
	{
		method: 'get',
		path: '/api/openapi.json',
		tags: ['System'],
		summary: 'This OpenAPI 3.1 document',
		responses: { 200: { description: 'The OpenAPI document', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } } }
	},
	'public'
);

export const page = defineRoute(
	{
		method: 'get',
		path: '/api/docs',
		tags: ['System'],
		summary: 'Human-readable API reference (HTML)',
		responses: { 200: { description: 'The reference page', content: { 'text/html': { schema: z.string() } } } }
	},
	'public'
);

export const stylesheet = defineRoute(
	{
		method: 'get',
		path: '/api/docs.css',
		tags: ['System'],
		summary: 'Stylesheet of the reference page',
		responses: { 200: { description: 'CSS', content: { 'text/css': { schema: z.string() } } } }
	},
	'public'
);
