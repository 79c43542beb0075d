/**
 * What the service worker may do with a request (issue 4: attachments and every other API answer are
 * personal data and must never land in Cache Storage). The worker precaches only the shell's own
 * files and registers one route, navigations outside /api; everything under /api goes to the network
 * untouched (no route matches it, so Workbox never sees it).
 */

/** Every API path: `/api` and anything below it (not `/apiary`). */
export const API_PATH = /^\/api(?:\/|$)/;

/** Navigations the worker answers with the precached index.html (never an API path, e.g. an attachment download). */
export function isShellNavigation(pathname: string): boolean {
	return !API_PATH.test(pathname);
}
