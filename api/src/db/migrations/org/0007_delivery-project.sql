DROP INDEX `statistics_deliveries_report_idx`;--> statement-breakpoint
ALTER TABLE `statistics_deliveries` ADD `project` text;--> statement-breakpoint
CREATE INDEX `statistics_deliveries_report_idx` ON `statistics_deliveries` (`report_id`,`unit_ids`,`project`,`created_at`);