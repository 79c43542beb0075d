/**
 * Fault injection, small size (issue 3, point 7): 4 devices × 50 encounters through a proxy that
 * drops, duplicates, delays and cuts pushes after the server committed. Every encounter must be on
 * the server exactly once. The full size (20 × 250) runs in `npm run bench`.
 */
import { describe, expect, it } from 'vitest';
import { runFaultScenario } from './harness';

describe('push through a faulty network', () => {
	it('lands every encounter exactly once: 4 devices × 50, seeded faults', async () => {
		const devices = 4;
		const perDevice = 50;
		const report = await runFaultScenario({ devices, perDevice, batchSize: 5, seed: 4242 });

		expect(report.failures).toEqual([]);
		expect(report.expected).toBe(devices * perDevice);
		expect(report.missing).toEqual([]);
		expect(report.pulledTwice).toEqual([]);
		expect(report.unexpected).toEqual([]);
		expect(report.pulledOfRun).toBe(devices * perDevice);
		// The database itself: one row per encounter, one recorded mutation per encounter.
		expect(report.dbRowsOfRun).toBe(devices * perDevice);
		expect(report.dbDistinctOfRun).toBe(devices * perDevice);
		expect(report.mutationRows).toBe(devices * perDevice);
		// The run really was faulty, in every way, and retried through it.
		expect(report.proxy.drop).toBeGreaterThan(0);
		expect(report.proxy.duplicate).toBeGreaterThan(0);
		expect(report.proxy.cut).toBeGreaterThan(0);
		expect(report.proxy.delay).toBeGreaterThan(0);
		expect(report.push.networkErrors).toBeGreaterThan(0);
		expect(report.push.duplicate).toBeGreaterThan(0);
		expect(report.push.applied + report.push.duplicate).toBeGreaterThanOrEqual(devices * perDevice);
	});
});
