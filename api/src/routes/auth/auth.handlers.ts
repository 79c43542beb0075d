import { deleteCookie, setCookie } from 'hono/cookie';
import type { Handler } from '../../lib/openapi';
import { clientAddress, isHttps, requireAuth } from '../../lib/request-meta';
import * as auth from '../../services/auth.service';
import { SESSION_COOKIE } from '../../services/session.service';
import type * as routes from './auth.routes';

export const login: Handler<typeof routes.login> = async (c) => {
	const result = await auth.login(c.var.ctx, c.req.valid('json'), { address: clientAddress(c) });
	const secure = isHttps(c);
	setCookie(c, SESSION_COOKIE, result.cookieValue, { httpOnly: true, sameSite: 'Strict', path: '/', secure, maxAge: result.maxAgeSeconds });
	return c.json(result.me, 200);
};

export const logout: Handler<typeof routes.logout> = (c) => {
	auth.logout(requireAuth(c), { address: clientAddress(c), now: c.var.ctx.clock() });
	deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: isHttps(c) });
	return c.body(null, 204);
};

export const me: Handler<typeof routes.me> = (c) => c.json(auth.buildMe(c.var.ctx, requireAuth(c)), 200);
