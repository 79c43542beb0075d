/* eslint-disable no-console -- a benchmark reports progress */
/**
 * Statistics at scale (issue 6, point 5): on the generated organisation file (./statistics-data.ts:
 * 100,000 clients, 2,000,000 encounters, 50,000 periods), the time to load a report's facts from
 * SQLite (`loadReportFacts`) and compute it with suppression (`computeReport`), all units, after two
 * warm-up runs. Target: the full youth-work report for one window in ≤ 1 s. Measured here and printed,
 * never asserted by a timed test.
 */
import { statSync } from 'node:fs';
import { computeReport, reportDefinition, resolveWindow, type ReportId } from '@polku/shared';
import { openOrgDb } from '../../api/src/db';
import { loadReportFacts } from '../../api/src/services/statistics-facts';
import { BENCH_YEAR, statisticsData, type StatisticsDataMeta } from './statistics-data';
import { latency, round, type Latency } from './stats';

export const STATISTICS_TARGET_MS = 1000;

export type StatisticsCase = {
	report: ReportId;
	window: string;
	/** Rows the engine got: clients, periods. */
	clients: number;
	periods: number;
	encountersCounted: number;
	load: Latency;
	compute: Latency;
	total: Latency;
	/** The first run after opening the file (before the warm-up). */
	firstRunMs: number;
};

export type StatisticsBenchResult = {
	data: Omit<StatisticsDataMeta, 'file'> & { cached: boolean; mib: number };
	threshold: number;
	cases: StatisticsCase[];
	targetMs: number;
};

const THRESHOLD = 5;

export async function runStatisticsBenchmark(opts: { scale?: number; runs?: number } = {}): Promise<StatisticsBenchResult> {
	const runs = opts.runs ?? 25;
	const meta = await statisticsData({ scale: opts.scale ?? 1 });
	const opened = performance.now();
	let handle: ReturnType<typeof openOrgDb>;
	try {
		// Applies migrations newer than the cached file (a new index is built here, untimed).
		handle = openOrgDb(meta.file);
	} catch (error) {
		throw new Error(`The cached file ${meta.file} does not take the current migrations; delete tests/bench/.data/ to generate it again`, { cause: error });
	}
	const { db, sqlite } = handle;
	console.log(`statistics: opened the data file in ${Math.round(performance.now() - opened)} ms`);
	try {
		const cases: StatisticsCase[] = [];
		const plan: [ReportId, string][] = [
			['youth-work', `national:jan-dec:${BENCH_YEAR}`],
			['youth-work', `national:jan-apr:${BENCH_YEAR}`],
			['workshop', `national:jan-dec:${BENCH_YEAR}`]
		];
		for (const [reportId, windowId] of plan) {
			const def = reportDefinition(reportId);
			const window = resolveWindow(windowId);
			if (!def || 'error' in window) throw new Error(`bad case ${reportId} ${windowId}`);
			const once = () => {
				const t0 = performance.now();
				const facts = loadReportFacts(db, reportId, window, meta.unitIds, {});
				const t1 = performance.now();
				const sections = computeReport(def, facts, { threshold: THRESHOLD });
				const t2 = performance.now();
				if (sections.length !== def.sections.length) throw new Error('report without all sections');
				return { facts, load: t1 - t0, compute: t2 - t1 };
			};
			const first = once();
			for (let i = 0; i < 2; i++) once();
			const load: number[] = [];
			const compute: number[] = [];
			const total: number[] = [];
			for (let i = 0; i < runs; i++) {
				const r = once();
				load.push(r.load);
				compute.push(r.compute);
				total.push(r.load + r.compute);
			}
			const c: StatisticsCase = {
				report: reportId,
				window: windowId,
				clients: first.facts.clients.length,
				periods: first.facts.periods.length,
				encountersCounted: first.facts.encounters.reduce((s, e) => s + e.count, 0),
				load: latency(load),
				compute: latency(compute),
				total: latency(total),
				firstRunMs: round(first.load + first.compute, 1)
			};
			console.log(`statistics: ${reportId} ${windowId}: median ${c.total.p50Ms} ms (load ${c.load.p50Ms}, compute ${c.compute.p50Ms}), p99 ${c.total.p99Ms} ms`);
			cases.push(c);
		}
		const { file: _file, ...rest } = meta;
		// The size now: migrations newer than the file may have added indexes since it was made.
		const bytes = statSync(meta.file).size;
		return { data: { ...rest, bytes, mib: round(bytes / 2 ** 20, 0) }, threshold: THRESHOLD, cases, targetMs: STATISTICS_TARGET_MS };
	} finally {
		sqlite.close();
	}
}
