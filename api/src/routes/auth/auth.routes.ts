import { LoginSchema, MeSchema } from '@polku/shared';
import { defineRoute } from '../../lib/define-route';
import { BODY_PROBLEMS, jsonBody, jsonContent, problems } from '../../lib/openapi';

export const login = defineRoute(
	{
		method: 'post',
		path: '/api/auth/login',
		tags: ['Auth'],
		summary: 'Sign in',
		description:
			'Sets the `polku_session` cookie (HttpOnly, SameSite=Strict, Secure over TLS). An unknown organisation, unknown user, wrong password and deactivated user all get the same 401 `invalid-credentials`. Failed attempts are throttled per account and per address (429 with Retry-After).',
		request: { body: jsonBody(LoginSchema, 'Organisation slug, username and password') },
		responses: {
			200: jsonContent(MeSchema, 'Signed in; the session cookie is set'),
			...problems(401, 429, ...BODY_PROBLEMS)
		}
	},
	'public'
);

export const logout = defineRoute(
	{
		method: 'post',
		path: '/api/auth/logout',
		tags: ['Auth'],
		summary: 'Sign out',
		description: 'Ends the current session and clears the cookie.',
		responses: { 204: { description: 'Signed out' }, ...problems(401) }
	},
	'authenticated'
);

export const me = defineRoute(
	{
		method: 'get',
		path: '/api/me',
		tags: ['Auth'],
		summary: 'Who is signed in',
		description: 'The user, their organisation, the units they see, and when the session ends.',
		responses: { 200: jsonContent(MeSchema, 'The signed-in user'), ...problems(401) }
	},
	'authenticated'
);
