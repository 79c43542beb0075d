/* eslint-disable no-console -- the generator reports progress */
/**
 * The scale data of issue 6, point 5: one organisation file with 100,000 clients, 2,000,000 encounters
 * and 50,000 coaching periods over three years (2023–2025), for `npm run bench -- --only=statistics`.
 *
 * The organisation is made by the API itself (createTestApp + seedOrganisation: real migrations,
 * schema, keys, units and users); the bulk rows then go in through prepared better-sqlite3 statements,
 * one transaction per 50,000 rows, in time order (ids are UUIDv7 of the record's time, as devices make
 * them). Encounter notes are real field tokens (AES-256-GCM, context `encounter.note:<id>`). Left out:
 * the audit trail and sync bookkeeping of the inserts, and client background texts: the reports do
 * not read them (the file is that much smaller than a real one).
 *
 * Distributions (seeded, so every run makes the same file): eight units (four outreach, two
 * workshops, rehabilitative work, employment services); age at start mostly 16–29; genders about
 * 50/44 with a few "other" and "unknown"; mother tongue mostly Finnish; start dates spread over the
 * three years; about half of the relationships ended, with a placement; 0–3 services each; about 20
 * encounters per client (exponential spread), channels skewed towards street, online and phone, plus
 * encounters with 15,000 anonymous contacts and some with nobody recorded; workshop-side clients get
 * one or two periods, a sample of them with attendance marks. A few per cent of every statistical
 * field is unanswered or `unknown`, so "ei tietoa" rows are not empty.
 *
 * Cached under tests/bench/.data/ (gitignored), keyed by DATA_VERSION and the scale: change the
 * version when the generator changes. A cached file is opened with `openOrgDb`, which applies any
 * newer migration first.
 */
import { attendanceMarkId } from '@polku/shared';
import { existsSync, mkdirSync, readFileSync, renameSync, copyFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encounterNoteContext } from '../../api/src/services/sync-records.service';
import { seedOrganisation, type SeedSpec } from '../../api/src/services/seed.service';
import { createTestApp, TEST_PASSWORD } from '../../api/src/test/create-test-app';
import { mulberry32, type Random } from '../fault/prng';

/** Bump when the generated data changes. */
export const DATA_VERSION = 'v1';
export const FULL_SCALE = { clients: 100_000, encounters: 2_000_000, periods: 50_000, anonymousContacts: 15_000 } as const;
/** The data covers these years; the bench reports on the last one. */
export const DATA_FROM = '2023-01-01';
export const DATA_TO = '2025-12-31';
export const BENCH_YEAR = 2025;

export const DATA_DIR = fileURLToPath(new URL('./.data/', import.meta.url));

export interface StatisticsDataMeta {
	version: string;
	scale: number;
	file: string;
	bytes: number;
	generatedAt: string;
	generationSeconds: number;
	unitIds: string[];
	counts: { clients: number; encounters: number; periods: number; anonymousContacts: number; services: number; situations: number; attendanceMarks: number };
}

const BATCH = 50_000;
const DAY = 86_400_000;
const day = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);
const iso = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);
const FIRST_DAY = day(DATA_FROM);
const LAST_DAY = day(DATA_TO);

const BENCH_SPEC: SeedSpec = {
	slug: 'bench',
	name: 'Tilastojärjestö (suorituskykytesti)',
	units: [
		{ name: 'Etsivä nuorisotyö, keskusta', kind: 'outreach' },
		{ name: 'Etsivä nuorisotyö, itä', kind: 'outreach' },
		{ name: 'Etsivä nuorisotyö, länsi', kind: 'outreach' },
		{ name: 'Etsivä nuorisotyö, pohjoinen', kind: 'outreach' },
		{ name: 'Nuorten työpaja, puu ja metalli', kind: 'workshop' },
		{ name: 'Nuorten työpaja, media ja kahvila', kind: 'workshop' },
		{ name: 'Kuntouttava työtoiminta', kind: 'rehabilitative' },
		{ name: 'Työllisyyspalvelut', kind: 'employment' }
	],
	users: [
		{ username: 'admin', displayName: 'Aino Admin', roles: ['admin'], units: [] },
		{ username: 'supervisor-1', displayName: 'Esihenkilö 1', roles: ['supervisor'], units: [0, 1, 2, 3] },
		{ username: 'supervisor-2', displayName: 'Esihenkilö 2', roles: ['supervisor'], units: [4, 5, 6, 7] },
		{ username: 'supervisor-3', displayName: 'Esihenkilö 3', roles: ['supervisor', 'coach'], units: [0, 1, 2, 3, 4, 5, 6, 7] },
		...Array.from({ length: 24 }, (_, i) => ({ username: `worker-${i}`, displayName: `Etsivä ${i}`, roles: ['outreach-worker' as const], units: [i % 4] })),
		...Array.from({ length: 16 }, (_, i) => ({ username: `coach-${i}`, displayName: `Valmentaja ${i}`, roles: ['coach' as const], units: [4 + (i % 4)] }))
	]
};
/** Share of clients per unit (index as in BENCH_SPEC.units). */
const UNIT_WEIGHTS = [15, 15, 15, 15, 12, 12, 10, 6];
const WORKSHOP_SIDE = new Set([4, 5, 6, 7]);
const OUTREACH = [0, 1, 2, 3];

type Weighted<T> = readonly (readonly [T, number])[];

function picker<T>(rng: Random, items: Weighted<T>): () => T {
	const total = items.reduce((s, [, w]) => s + w, 0);
	return () => {
		let x = rng.next() * total;
		for (const [v, w] of items) {
			x -= w;
			if (x < 0) return v;
		}
		return (items[items.length - 1] as readonly [T, number])[0];
	};
}

/** A UUIDv7 at `ms` with random bits from `rng` (deterministic, time-ordered like devices' ids). */
function uuid7(ms: number, rng: Random): string {
	const hex = (n: number, len: number) => Math.floor(n).toString(16).padStart(len, '0');
	const rand = (len: number) => Array.from({ length: len }, () => hex(rng.int(0, 15), 1)).join('');
	const time = hex(ms, 12);
	return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${rand(3)}-${hex(8 + rng.int(0, 3), 1)}${rand(3)}-${rand(12)}`;
}

const NOTES = [
	'Juteltiin opiskelupaikan hausta ja sovittiin seuraava tapaaminen.',
	'Nuori kertoi tilanteestaan; ohjattu TE-palveluihin.',
	'Käytiin yhdessä Kelassa täyttämässä hakemus.',
	'Lyhyt tapaaminen kauppakeskuksessa, vointi parempi.',
	'Puhelu: asunnon haku etenee, tuetun asumisen hakemus vireillä.',
	'Verkkokeskustelu Discordissa, nuori harkitsee työpajaa.',
	'Verkostopalaveri sosiaalityön kanssa.',
	'Kotikäynti, arjen rytmi ja raha-asiat.'
];

/**
 * The cached data file for `scale` (1 = full size), generated when missing. Returns its metadata;
 * open the file with `openOrgDb(meta.file)`.
 */
export async function statisticsData(opts: { scale?: number; log?: (line: string) => void } = {}): Promise<StatisticsDataMeta & { cached: boolean }> {
	const scale = opts.scale ?? 1;
	const log = opts.log ?? ((line: string) => console.log(line));
	const key = `statistics-${DATA_VERSION}-x${scale}`;
	const file = `${DATA_DIR}${key}.sqlite`;
	const metaFile = `${DATA_DIR}${key}.json`;
	if (existsSync(file) && existsSync(metaFile)) {
		return { ...(JSON.parse(readFileSync(metaFile, 'utf8')) as StatisticsDataMeta), file, cached: true };
	}
	mkdirSync(DATA_DIR, { recursive: true });
	log(`statistics: generating ${key} (cached afterwards in tests/bench/.data/)…`);
	const started = performance.now();
	const meta = await generate(scale, file, log);
	const generationSeconds = Math.round((performance.now() - started) / 100) / 10;
	const full: StatisticsDataMeta = { ...meta, version: DATA_VERSION, scale, file, bytes: statSync(file).size, generatedAt: new Date().toISOString(), generationSeconds };
	writeFileSync(metaFile, `${JSON.stringify(full, null, '\t')}\n`);
	log(`statistics: generated in ${generationSeconds} s, ${Math.round(full.bytes / 2 ** 20)} MiB`);
	return { ...full, cached: false };
}

interface GenClient {
	id: string;
	unit: number;
	start: number | null;
	/** Last active day (end date, or the data's last day when the relationship goes on). */
	last: number;
	end: number | null;
	gender: string;
	worker: string;
}

async function generate(scale: number, file: string, log: (line: string) => void): Promise<Pick<StatisticsDataMeta, 'unitIds' | 'counts'>> {
	const rng = mulberry32(20_250_601);
	const n = {
		clients: Math.round(FULL_SCALE.clients * scale),
		encounters: Math.round(FULL_SCALE.encounters * scale),
		periods: Math.round(FULL_SCALE.periods * scale),
		anonymousContacts: Math.round(FULL_SCALE.anonymousContacts * scale)
	};
	const t = await createTestApp({ empty: true });
	try {
		const { org, unitIds, userIds } = await seedOrganisation(t.ctx, BENCH_SPEC, TEST_PASSWORD);
		const sqlite = org.sqlite;
		sqlite.pragma('synchronous = OFF');
		const workersOf = BENCH_SPEC.units.map((_, u) => BENCH_SPEC.users.filter((x) => x.units.length === 1 && x.units[0] === u).map((x) => userIds[x.username] ?? ''));
		let seq = (sqlite.prepare('SELECT seq FROM sync_counter WHERE id = 1').get() as { seq: number } | undefined)?.seq ?? 0;
		const synced = (by: string, at: string) => ({ version: 1, createdBy: by, createdAt: at, updatedAt: at, deletedAt: null, changeSeq: ++seq });

		/** Runs `insert` for each of `count` items, committing every BATCH rows. */
		const batched = (label: string, count: number, insert: (i: number) => number) => {
			const t0 = performance.now();
			let rows = 0;
			let inBatch = 0;
			sqlite.exec('BEGIN');
			for (let i = 0; i < count; i++) {
				const added = insert(i);
				rows += added;
				inBatch += added;
				if (inBatch >= BATCH) {
					sqlite.exec('COMMIT');
					sqlite.exec('BEGIN');
					inBatch = 0;
				}
			}
			sqlite.exec('COMMIT');
			log(`  ${label}: ${rows} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
			return rows;
		};

		// ---- clients ----
		const pickUnit = picker(rng, UNIT_WEIGHTS.map((w, i) => [i, w] as const));
		const pickGender = picker(rng, [['male', 50], ['female', 44], ['other', 2], ['unknown', 4]]);
		const pickAge = picker(rng, [[15, 4], [16, 6], [17, 7], [18, 10], [19, 9], [20, 9], [21, 8], [22, 8], [23, 7], [24, 7], [25, 6], [26, 5], [27, 4], [28, 3], [29, 3], [31, 2], [35, 1]]);
		const pickTongue = picker(rng, [['fi', 78], ['sv', 5], ['se', 0.3], ['ru', 2.5], ['ar', 2], ['so', 1.5], ['et', 1.5], ['uk', 1.5], ['fa', 1], ['en', 1], ['ku', 0.7], ['other', 1], ['unknown', 2], [null, 3]]);
		const pickReferral = picker(rng, [['employment-services', 14], ['typ', 6], ['kela', 3], ['social-services', 12], ['health-services', 5], ['outreach', 4], ['youth-work', 6], ['basic-education', 10], ['upper-secondary', 12], ['other-school', 3], ['defence-forces', 2], ['self', 10], ['family', 5], ['ngo', 2], ['unknown', 3], [null, 3]]);
		const pickLength = picker(rng, [[[0, 29], 18], [[30, 90], 24], [[91, 181], 20], [[182, 364], 20], [[365, 729], 12], [[730, 1000], 6]] as const);
		const pickPlacement = picker(rng, [['degree-education', 18], ['preparatory-education', 8], ['apprenticeship', 4], ['open-labour-market', 14], ['pay-subsidised', 5], ['work-trial', 5], ['workshop', 10], ['rehabilitative-work', 4], ['rehabilitation', 3], ['other-service', 7], ['service', 3], ['not-placed', 8], ['moved', 3], ['unknown', 4], [null, 4]]);
		const pickMunicipality = picker(rng, [['091', 60], ['049', 20], ['092', 15], ['unknown', 5]]);
		const firstNames = ['Aada', 'Leo', 'Eino', 'Helmi', 'Onni', 'Venla', 'Siiri', 'Elias', 'Aino', 'Väinö', 'Ella', 'Oliver', 'Emma', 'Noel', 'Sofia', 'Eetu'];
		const lastNames = ['Esimerkki', 'Testinen', 'Malli', 'Kuvitteellinen', 'Keksitty', 'Näytetty', 'Harjoitus', 'Koe'];

		const starts = Array.from({ length: n.clients }, () => (rng.chance(0.01) ? null : FIRST_DAY + rng.int(0, LAST_DAY - FIRST_DAY))).sort((a, b) => (a ?? 0) - (b ?? 0));
		const clients: GenClient[] = [];
		const insertClient = sqlite.prepare(
			`INSERT INTO clients (id, unit_id, first_name, last_name, nickname, birth_year, gender, municipality, birth_date, birth_date_estimated, mother_tongue, responsible_worker_ids, referral_source, start_date, end_date, end_reason, placement_at_end, version, created_by, created_at, updated_at, deleted_at, change_seq)
			 VALUES (@id, @unitId, @firstName, @lastName, NULL, @birthYear, @gender, @municipality, @birthDate, 0, @motherTongue, @workers, @referralSource, @startDate, @endDate, @endReason, @placementAtEnd, @version, @createdBy, @createdAt, @updatedAt, @deletedAt, @changeSeq)`
		);
		const insertClientWorker = sqlite.prepare('INSERT INTO client_workers (client_id, user_id) VALUES (?, ?)');
		batched('clients', n.clients, (i) => {
			const start = starts[i] ?? null;
			const unit = pickUnit();
			const worker = rng.pick(workersOf[unit] ?? []);
			const gender = pickGender();
			const createdDay = start ?? FIRST_DAY + rng.int(0, LAST_DAY - FIRST_DAY);
			const createdAt = new Date(createdDay * DAY + rng.int(7, 15) * 3_600_000).toISOString();
			let end: number | null = null;
			if (start !== null && rng.chance(0.62)) {
				const [lo, hi] = pickLength();
				const e = start + rng.int(lo, hi);
				if (e <= LAST_DAY) end = e;
			}
			const age = pickAge();
			const birthKnown = rng.next();
			const birthDay = createdDay - Math.floor(age * 365.25) - rng.int(0, 364);
			const birthDate = birthKnown < 0.75 ? iso(birthDay) : null;
			const birthYear = birthKnown < 0.97 ? Number(iso(birthDay).slice(0, 4)) : null;
			const id = uuid7(createdDay * DAY, rng);
			clients.push({ id, unit, start, end, last: end ?? LAST_DAY, gender, worker });
			insertClient.run({
				id,
				unitId: unitIds[unit],
				firstName: rng.pick(firstNames),
				lastName: rng.pick(lastNames),
				birthYear,
				gender,
				municipality: pickMunicipality(),
				birthDate,
				motherTongue: pickTongue(),
				workers: JSON.stringify([worker]),
				referralSource: pickReferral(),
				startDate: start === null ? null : iso(start),
				endDate: end === null ? null : iso(end),
				endReason: end === null ? null : rng.pick(['goal-reached', 'referred', 'declined', 'moved', 'contact-lost', 'age-limit']),
				placementAtEnd: end === null ? null : pickPlacement(),
				...synced(worker, createdAt),
				deletedAt: rng.chance(0.005) ? createdAt : null
			});
			insertClientWorker.run(id, worker);
			return 2;
		});

		// ---- situations and services ----
		const pickActivity = picker(rng, [['unemployed', 30], ['inactive', 20], ['student', 10], ['studies-interrupted', 14], ['employed', 5], ['pay-subsidised', 2], ['work-trial', 2], ['rehabilitative-work', 2], ['rehabilitation', 3], ['service', 1], ['family-leave', 2], ['unknown', 4], [null, 5]]);
		const pickService = picker(rng, [['individual-guidance', 35], ['service-guidance', 15], ['accompanying', 10], ['group-activity', 10], ['study-guidance', 8], ['job-search', 7], ['financial-guidance', 4], ['housing-support', 4], ['health-referral', 3], ['workshop', 2], ['multi-professional', 2]]);
		const pickServiceCount = picker(rng, [[0, 25], [1, 35], [2, 25], [3, 15]]);
		const insertSituation = sqlite.prepare(
			`INSERT INTO situations (id, client_id, unit_id, date, phase, main_activity, means_of_living, housing, arrival_basis, version, created_by, created_at, updated_at, deleted_at, change_seq)
			 VALUES (@id, @clientId, @unitId, @date, @phase, @mainActivity, NULL, NULL, NULL, @version, @createdBy, @createdAt, @updatedAt, @deletedAt, @changeSeq)`
		);
		const insertService = sqlite.prepare(
			`INSERT INTO services (id, client_id, unit_id, type, status, start_date, end_date, version, created_by, created_at, updated_at, deleted_at, change_seq)
			 VALUES (@id, @clientId, @unitId, @type, @status, @startDate, @endDate, @version, @createdBy, @createdAt, @updatedAt, @deletedAt, @changeSeq)`
		);
		let situationRows = 0;
		let serviceRows = 0;
		batched('situations and services', clients.length, (i) => {
			const c = clients[i] as GenClient;
			if (c.start === null) return 0;
			let rows = 0;
			const base = { clientId: c.id, unitId: unitIds[c.unit] };
			if (rng.chance(0.9)) {
				insertSituation.run({ id: uuid7(c.start * DAY, rng), ...base, date: iso(c.start), phase: 'start', mainActivity: pickActivity(), ...synced(c.worker, new Date(c.start * DAY).toISOString()) });
				rows++;
			}
			if (c.end !== null && rng.chance(0.5)) {
				insertSituation.run({ id: uuid7(c.end * DAY, rng), ...base, date: iso(c.end), phase: 'end', mainActivity: pickActivity(), ...synced(c.worker, new Date(c.end * DAY).toISOString()) });
				rows++;
			}
			situationRows += rows;
			const services = pickServiceCount();
			for (let s = 0; s < services; s++) {
				const start = c.start + rng.int(0, Math.max(0, Math.min(c.last - c.start, 120)));
				const end = rng.chance(0.5) ? Math.min(c.last, start + rng.int(7, 180)) : c.end;
				insertService.run({
					id: uuid7(start * DAY, rng),
					...base,
					type: pickService(),
					status: end === null ? 'active' : 'completed',
					startDate: iso(start),
					endDate: end === null ? null : iso(end),
					...synced(c.worker, new Date(start * DAY).toISOString())
				});
			}
			serviceRows += services;
			return rows + services;
		});

		// ---- anonymous contacts ----
		const contacts: { id: string; unit: number; first: number; worker: string }[] = [];
		const insertContact = sqlite.prepare(
			`INSERT INTO anonymous_contacts (id, unit_id, nickname, birth_year_estimate, gender, municipality, merged_into, version, created_by, created_at, updated_at, deleted_at, change_seq)
			 VALUES (@id, @unitId, @nickname, @birthYearEstimate, @gender, @municipality, NULL, @version, @createdBy, @createdAt, @updatedAt, @deletedAt, @changeSeq)`
		);
		const contactDays = Array.from({ length: n.anonymousContacts }, () => FIRST_DAY + rng.int(0, LAST_DAY - FIRST_DAY)).sort((a, b) => a - b);
		const nicknames = ['Kettu', 'Pipo', 'Lumi', 'Tikka', 'Reppu', 'Sisu', 'Musti', 'Varis'];
		batched('anonymous contacts', n.anonymousContacts, (i) => {
			const first = contactDays[i] as number;
			const unit = rng.pick(OUTREACH);
			const worker = rng.pick(workersOf[unit] ?? []);
			const id = uuid7(first * DAY, rng);
			contacts.push({ id, unit, first, worker });
			insertContact.run({
				id,
				unitId: unitIds[unit],
				nickname: `${rng.pick(nicknames)} ${i % 1000}`,
				birthYearEstimate: rng.chance(0.8) ? 2000 + rng.int(0, 10) : null,
				gender: pickGender(),
				municipality: pickMunicipality(),
				...synced(worker, new Date(first * DAY).toISOString())
			});
			return 1;
		});

		// ---- encounters: drawn into typed arrays, sorted by time, inserted in that order ----
		const clientShare = 0.85;
		const contactShare = 0.12;
		const forClients = Math.round(n.encounters * clientShare);
		const forContacts = Math.round(n.encounters * contactShare);
		const total = n.encounters;
		const when = new Float64Array(total);
		/** ≥ 0: client index; < 0: −(contact index) − 1; NONE: nobody recorded (unit in `unitOf`). */
		const who = new Int32Array(total);
		const unitOf = new Uint8Array(total);
		const NONE = 2 ** 31 - 1;
		// Encounters per client: exponentially spread (a few clients met very often, many a few times).
		const active = clients.flatMap((c, i) => (c.start === null ? [] : [i]));
		const weights = active.map(() => -Math.log(1 - rng.next()));
		const weightSum = weights.reduce((a, b) => a + b, 0);
		let k = 0;
		active.forEach((ci, i) => {
			const c = clients[ci] as GenClient;
			const count = i === active.length - 1 ? forClients - k : Math.min(forClients - k, Math.round(((weights[i] ?? 0) / weightSum) * forClients));
			const start = c.start as number;
			for (let j = 0; j < count; j++, k++) {
				when[k] = (start + rng.int(0, c.last - start)) * DAY + rng.int(5 * 60, 18 * 60) * 60_000;
				who[k] = ci;
				unitOf[k] = c.unit;
			}
		});
		for (let j = 0; j < forContacts; j++, k++) {
			const ci = rng.int(0, contacts.length - 1);
			const contact = contacts[ci] as (typeof contacts)[number];
			when[k] = Math.min(LAST_DAY, contact.first + Math.floor(-Math.log(1 - rng.next()) * 40)) * DAY + rng.int(5 * 60, 20 * 60) * 60_000;
			who[k] = -ci - 1;
			unitOf[k] = contact.unit;
		}
		for (; k < total; k++) {
			when[k] = (FIRST_DAY + rng.int(0, LAST_DAY - FIRST_DAY)) * DAY + rng.int(5 * 60, 20 * 60) * 60_000;
			who[k] = NONE;
			unitOf[k] = rng.pick(OUTREACH);
		}
		const order = new Uint32Array(total).map((_, i) => i).sort((a, b) => (when[a] ?? 0) - (when[b] ?? 0));

		const pickChannel = picker(rng, [['street', 24], ['online', 20], ['phone', 20], ['school', 14], ['office', 11], ['home-visit', 4], ['event', 5], ['other', 2]]);
		const pickTopic = picker(rng, [['education', 20], ['employment', 16], ['income', 10], ['housing', 10], ['health', 6], ['mental-health', 12], ['substances', 4], ['relationships', 8], ['daily-life', 10], ['leisure', 4], ['services', 6], ['legal', 2], ['other', 2]]);
		const pickAction = picker(rng, [['discussion', 45], ['information', 15], ['forms', 8], ['to-education', 5], ['to-employment-services', 5], ['to-social-services', 5], ['to-health-services', 3], ['to-kela', 3], ['to-workshop', 4], ['accompanied', 3], ['network-meeting', 3], ['other', 1]]);
		const insertEncounter = sqlite.prepare(
			`INSERT INTO encounters (id, unit_id, occurred_at, channel, client_id, anonymous_contact_id, topics, actions, duration_minutes, note, follow_up_date, version, created_by, created_at, updated_at, deleted_at, change_seq)
			 VALUES (@id, @unitId, @occurredAt, @channel, @clientId, @anonymousContactId, @topics, @actions, @durationMinutes, @note, NULL, @version, @createdBy, @createdAt, @updatedAt, @deletedAt, @changeSeq)`
		);
		batched('encounters', total, (j) => {
			const i = order[j] as number;
			const ms = when[i] as number;
			const w = who[i] as number;
			const client = w >= 0 && w !== NONE ? (clients[w] as GenClient) : null;
			const contact = w < 0 ? contacts[-w - 1] : undefined;
			const unit = unitOf[i] as number;
			const worker = client?.worker ?? contact?.worker ?? rng.pick(workersOf[unit] ?? []);
			const id = uuid7(ms, rng);
			const at = new Date(ms).toISOString();
			const topics = rng.chance(0.6) ? [pickTopic()] : [pickTopic(), pickTopic()];
			insertEncounter.run({
				id,
				unitId: unitIds[unit],
				occurredAt: at,
				channel: pickChannel(),
				clientId: client?.id ?? null,
				anonymousContactId: contact?.id ?? null,
				topics: JSON.stringify([...new Set(topics)]),
				actions: JSON.stringify([pickAction()]),
				durationMinutes: rng.chance(0.8) ? 15 * rng.int(1, 8) : null,
				note: org.keyring.encryptField(NOTES[rng.int(0, NOTES.length - 1)] ?? '', encounterNoteContext(id)),
				...synced(worker, at),
				deletedAt: rng.chance(0.002) ? at : null
			});
			return 1;
		});

		// ---- coaching periods (workshop-side clients) and a sample of attendance marks ----
		const pickPeriodType = picker(rng, [['youth-workshop', 45], ['rehabilitative', 20], ['work-trial', 15], ['pay-subsidised', 8], ['apprenticeship-preparation', 5], ['esf-project', 4], ['other', 3]]);
		const pickAbsence = picker(rng, [['sick', 50], ['authorised', 25], ['unauthorised', 18], ['other', 7]]);
		const side = clients.filter((c) => c.start !== null && WORKSHOP_SIDE.has(c.unit));
		const periodClients: GenClient[] = [];
		for (let p = 0; p < n.periods && side.length > 0; p++) periodClients.push(p < side.length ? (side[p] as GenClient) : rng.pick(side));
		periodClients.sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
		const insertPeriod = sqlite.prepare(
			`INSERT INTO coaching_periods (id, client_id, unit_id, type, work_coach_id, individual_coach_id, referring_organisation, referring_contact, paying_organisation, paying_contact, contract_start, contract_end, days_per_week, hours_per_day, weekdays, price_cents, price_unit, expense_compensation_cents, start_date, end_date, placement_after, work_time_plan, version, created_by, created_at, updated_at, deleted_at, change_seq)
			 VALUES (@id, @clientId, @unitId, @type, @coach, NULL, @referrer, NULL, @payer, NULL, @startDate, @contractEnd, 5, @hoursPerDay, '[1,2,3,4,5]', NULL, NULL, @compensation, @startDate, @endDate, @placementAfter, NULL, @version, @createdBy, @createdAt, @updatedAt, @deletedAt, @changeSeq)`
		);
		const insertMark = sqlite.prepare(
			`INSERT INTO attendance_marks (id, period_id, client_id, unit_id, date, status, absence_reason, hours, extra_reason, updated_by, version, created_by, created_at, updated_at, deleted_at, change_seq)
			 VALUES (@id, @periodId, @clientId, @unitId, @date, @status, @absenceReason, @hours, NULL, @createdBy, @version, @createdBy, @createdAt, @updatedAt, @deletedAt, @changeSeq)`
		);
		const yearStart = day(`${BENCH_YEAR}-01-01`);
		let markRows = 0;
		batched('coaching periods and marks', periodClients.length, (p) => {
			const c = periodClients[p] as GenClient;
			const clientStart = c.start as number;
			const start = clientStart + rng.int(0, Math.max(0, Math.min(c.last - clientStart, 60)));
			const planned = start + rng.int(30, 182);
			const end = planned <= LAST_DAY && rng.chance(0.85) ? Math.min(planned, c.last) : null;
			const id = uuid7(start * DAY, rng);
			const hoursPerDay = rng.pick([4, 6, 6, 7]);
			insertPeriod.run({
				id,
				clientId: c.id,
				unitId: unitIds[c.unit],
				type: c.unit === 6 ? 'rehabilitative' : pickPeriodType(),
				coach: c.worker,
				referrer: rng.pick(['Etsivä nuorisotyö', 'TE-palvelut', 'Sosiaalityö', 'Ohjaamo']),
				payer: rng.pick(['Kaupungin sosiaalipalvelut', 'TE-palvelut', null]),
				contractEnd: iso(planned),
				hoursPerDay,
				compensation: rng.chance(0.5) ? 900 : null,
				startDate: iso(start),
				endDate: end === null ? null : iso(end),
				placementAfter: end === null ? null : pickPlacement(),
				...synced(c.worker, new Date(start * DAY).toISOString())
			});
			let rows = 1;
			// Marks for one period in twenty that runs in the bench year: weekdays, at most 60 of them.
			if (p % 20 === 0 && (end ?? LAST_DAY) >= yearStart) {
				let marked = 0;
				for (let d = Math.max(start, yearStart); d <= (end ?? LAST_DAY) && marked < 60; d++) {
					const weekday = new Date(d * DAY).getUTCDay();
					if (weekday === 0 || weekday === 6) continue;
					const absent = rng.chance(0.15);
					const date = iso(d);
					insertMark.run({
						id: attendanceMarkId(id, date),
						periodId: id,
						clientId: c.id,
						unitId: unitIds[c.unit],
						date,
						status: absent ? 'absent' : 'present',
						absenceReason: absent ? pickAbsence() : null,
						hours: absent ? null : rng.chance(0.9) ? hoursPerDay : hoursPerDay - 1.5,
						...synced(c.worker, new Date(d * DAY + 15 * 3_600_000).toISOString())
					});
					marked++;
				}
				markRows += marked;
				rows += marked;
			}
			return rows;
		});

		sqlite.prepare('UPDATE sync_counter SET seq = ? WHERE id = 1').run(seq);
		sqlite.pragma('synchronous = NORMAL');
		sqlite.pragma('wal_checkpoint(TRUNCATE)');
		const orgFile = t.ctx.registry.orgPath(org.id);
		await t.ctx.close();
		const partial = `${file}.partial`;
		try {
			renameSync(orgFile, partial);
		} catch {
			copyFileSync(orgFile, partial);
		}
		renameSync(partial, file);
		return {
			unitIds,
			counts: {
				clients: clients.length,
				encounters: total,
				periods: periodClients.length,
				anonymousContacts: contacts.length,
				services: serviceRows,
				situations: situationRows,
				attendanceMarks: markRows
			}
		};
	} finally {
		await t.ctx.close().catch(() => undefined);
		rmSync(t.dataDir, { recursive: true, force: true });
	}
}
