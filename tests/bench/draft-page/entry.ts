/**
 * The draft-save benchmark page, bundled by esbuild from the web app's own device modules: the
 * vault makes a DEK exactly as at a first login, and every save is the app's `putDraft` (one
 * AES-256-GCM encryption + one Dexie put). Next to it, a raw IndexedDB put of the same bytes.
 */
import { openPolkuDb, userKeyOf } from '../../../web/src/lib/offline/db';
import { putDraft } from '../../../web/src/lib/offline/drafts';
import type { EncounterDraft } from '../../../web/src/lib/offline/types';
import { createVault, encryptRecord, recordAad } from '../../../web/src/lib/offline/vault';

type Result = { draftMs: number[]; rawMs: number[]; draftBytes: number; vaultMs: number };

const NOTE =
	'Tavattiin kauppakeskuksen edessä iltapäivällä. Nuori kertoi, että koulu on jäänyt kesken syksyllä ja ' +
	'että kotona on ollut riitaa rahasta. Vuokra on maksamatta kahdelta kuukaudelta, ja hän pelkää häätöä. ' +
	'Käytiin yhdessä läpi, mitä Kelan perustoimeentulotuki vaatii ja mitä liitteitä tarvitaan. Sovittiin, ' +
	'että tavataan torstaina kirjastolla ja täytetään hakemus yhdessä. Nuori kiinnostui myös työpajan ' +
	'puutyölinjasta; annettiin esite ja pajaohjaajan yhteystiedot. Jaksaminen vaihtelee, uni on huonoa. ' +
	'Ehdotettiin opiskeluterveydenhuoltoa, ei vielä halua. Palataan asiaan seuraavalla kerralla. ';

function draft(i: number): EncounterDraft {
	return {
		occurredAt: new Date(Date.UTC(2026, 2, 14, 15, 30)).toISOString(),
		channel: 'street',
		subject: { kind: 'anonymous-new', nickname: 'Miro', birthYearEstimate: 2007, gender: 'male', municipality: '091' },
		topics: ['education', 'income', 'housing', 'mental-health'],
		actions: ['discussion', 'information', 'forms', 'to-kela', 'to-workshop'],
		durationMinutes: 45,
		// The note grows as the worker types, as it does between debounced saves.
		note: NOTE + 'x'.repeat(i % 40),
		followUpDate: '2026-03-19',
		unitId: '0193a2b4-0000-7000-8000-000000000002'
	};
}

function rawPut(db: IDBDatabase, row: unknown): Promise<void> {
	return new Promise((resolve, reject) => {
		const tx = db.transaction('drafts', 'readwrite');
		tx.objectStore('drafts').put(row);
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error);
		tx.onabort = () => reject(tx.error);
	});
}

function openRaw(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.open('raw-bench', 1);
		req.onupgradeneeded = () => req.result.createObjectStore('drafts', { keyPath: 'id' });
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

async function run(opts: { runs: number; warmup: number }): Promise<Result> {
	const db = openPolkuDb();
	const userKey = userKeyOf('0193a2b4-0000-7000-8000-000000000001', '0193a2b4-0000-7000-8000-0000000000aa');
	const t0 = performance.now();
	const dek = await createVault(db, userKey, 'correct horse battery staple');
	const vaultMs = performance.now() - t0;
	const id = crypto.randomUUID();
	const draftMs: number[] = [];
	for (let i = 0; i < opts.warmup + opts.runs; i++) {
		const t = performance.now();
		await putDraft(db, dek, userKey, id, draft(i));
		if (i >= opts.warmup) draftMs.push(performance.now() - t);
	}

	// The same bytes, straight into IndexedDB: no encryption, no Dexie.
	const box = await encryptRecord(dek, recordAad(userKey, 'drafts', id), draft(0));
	const draftBytes = box.ct.length;
	const raw = await openRaw();
	const rawMs: number[] = [];
	for (let i = 0; i < opts.warmup + opts.runs; i++) {
		const row = { id, userKey, kind: 'encounter', updatedAt: Date.now(), box };
		const t = performance.now();
		await rawPut(raw, row);
		if (i >= opts.warmup) rawMs.push(performance.now() - t);
	}
	raw.close();
	db.close();
	return { draftMs, rawMs, draftBytes, vaultMs };
}

(globalThis as unknown as { runDraftBench: typeof run }).runDraftBench = run;
document.title = 'ready';
