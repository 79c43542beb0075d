/**
 * The API's own documentation. The document is generated from the route definitions of the app it
 * is mounted in (passed as `getDocument`) the first time it is asked for, then kept.
 */
import { DOCS_CSS, renderDocsPage } from '../../lib/docs-page';
import { createRouter } from '../../lib/openapi';
import * as routes from './docs.routes';

export function createDocsRouter(getDocument: () => Record<string, unknown>) {
	let html: string | undefined;
	return createRouter()
		.openapi(routes.openapi, (c) => c.json(getDocument(), 200))
		.openapi(routes.page, (c) => c.html((html ??= renderDocsPage(getDocument())), 200))
		.openapi(routes.stylesheet, (c) => c.body(DOCS_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
}
