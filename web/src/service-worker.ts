/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
/**
 * The app shell's service worker (Workbox). After one online visit the app opens without a
 * connection: every file of the build and of static/ is precached, and every navigation outside
 * /api is answered with the precached index.html (the SPA decides what to show).
 *
 * Invariant: nothing under /api is ever cached. No route here matches /api, the navigation route
 * denies it explicitly, and precaching only knows the shell's own files — API answers always come
 * from the network, and fail as NetworkError when there is none.
 *
 * `self.__POLKU_SHELL` is prepended by scripts/externalize-boot.js after the build: index.html and
 * the boot script it moves out of index.html exist only then, so the lists from `$service-worker`
 * cannot name them.
 */
import { build, files, version } from '$service-worker';
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __POLKU_SHELL?: PrecacheEntry[] };

const shell: PrecacheEntry[] = self.__POLKU_SHELL ?? [];
const hasIndex = shell.some((entry) => entry.url === '/index.html');

// Vite's output under /_app/immutable is content-hashed: its URL is its revision. Static files
// are not, so the build's version stands in for their revision.
const entries: PrecacheEntry[] = [
	...build.map((url) => ({ url, revision: url.includes('/immutable/') ? null : version })),
	...files.map((url) => ({ url, revision: version })),
	...shell
];

self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(entries);

if (hasIndex) {
	registerRoute(
		new NavigationRoute(createHandlerBoundToURL('/index.html'), {
			denylist: [/^\/api(?:\/|$)/]
		})
	);
}
