/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
/**
 * The app shell's service worker (Workbox). After one online visit the app opens without a
 * connection: every file of the build and of static/ is precached, and every navigation outside
 * /api is answered with the precached index.html (the SPA decides what to show).
 *
 * Invariant: nothing under /api is ever cached — attachments (issue 4) least of all. No route here
 * matches /api, the navigation route denies it explicitly (API_PATH, $lib/offline/sw-rules.ts), and
 * precaching only knows the shell's own files — API answers always come from the network, and fail
 * as NetworkError when there is none. The app's requests also say `cache: 'no-store'` ($lib/api) and
 * the server answers attachments and reveals with `Cache-Control: no-store`.
 * Checked by $lib/offline/sw-rules.test.ts (this file's routes and caches) — keep it that way.
 *
 * Background Sync (issue 3, point 3): the outbox lives in Dexie ('polku' → `outbox`), sealed, and
 * needs no device key to send. A workbox-background-sync `Queue` named 'polku-outbox' provides the
 * sync-event plumbing (tag `workbox-background-sync:polku-outbox`, browser retries, and a push at
 * worker start-up where the browser has no Background Sync); its `onSync` pushes every registered
 * user's queue with their device token and posts `{type: 'polku-sync-done'}` to every page. The
 * Queue's own request store is never used. The bare tag 'polku-outbox' is accepted as well.
 *
 * `self.__POLKU_SHELL` is prepended by scripts/externalize-boot.js after the build: index.html and
 * the boot script it moves out of index.html exist only then, so the lists from `$service-worker`
 * cannot name them.
 */
import { build, files, version } from '$service-worker';
import { LEGACY_SYNC_TAG, OUTBOX_QUEUE, SYNC_DONE_MESSAGE, pushAllUsers } from '$lib/offline/background-sync';
import { openPolkuDb } from '$lib/offline/db';
import { API_PATH } from '$lib/offline/sw-rules';
import { Queue } from 'workbox-background-sync';
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __POLKU_SHELL?: PrecacheEntry[] };

/** Background Sync's event (not in TypeScript's webworker lib). */
interface SyncEvent extends ExtendableEvent {
	readonly tag: string;
	readonly lastChance: boolean;
}

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
			denylist: [API_PATH]
		})
	);
}

// ---- Background Sync of the outbox -------------------------------------------------------------

const db = openPolkuDb();
const hasBackgroundSync = 'sync' in self.registration;

/** Pushes every user's queue, tells the pages, and throws when the browser should retry later. */
async function pushOutboxes(): Promise<void> {
	try {
		const { retry } = await pushAllUsers(db);
		if (retry && hasBackgroundSync) throw new Error('polku: outbox not delivered yet');
	} finally {
		const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
		for (const page of pages) page.postMessage({ type: SYNC_DONE_MESSAGE });
	}
}

new Queue(OUTBOX_QUEUE, {
	// Without Background Sync the Queue calls this at every worker start-up, unawaited: never reject there.
	onSync: () => (hasBackgroundSync ? pushOutboxes() : pushOutboxes().catch(() => undefined))
});

self.addEventListener('sync', (event) => {
	const sync = event as SyncEvent;
	if (sync.tag === LEGACY_SYNC_TAG) sync.waitUntil(pushOutboxes());
});
