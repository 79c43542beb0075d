-- IF NOT EXISTS and the DROPs: files made from an earlier draft of this migration (the bench data
-- cache of tests/bench) take this one too.
CREATE TABLE IF NOT EXISTS `statistics_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`report_id` text NOT NULL,
	`definition_version` integer NOT NULL,
	`window` text NOT NULL,
	`window_spec` text NOT NULL,
	`from` text NOT NULL,
	`to` text NOT NULL,
	`unit_ids` text NOT NULL,
	`report` text NOT NULL,
	`hash` text NOT NULL,
	`previous_id` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`previous_id`) REFERENCES `statistics_deliveries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `statistics_deliveries_report_idx` ON `statistics_deliveries` (`report_id`,`unit_ids`,`created_at`);--> statement-breakpoint
DROP INDEX IF EXISTS `clients_statistics_idx`;--> statement-breakpoint
CREATE INDEX `clients_statistics_idx` ON `clients` (`unit_id`,`start_date`,`end_date`,`gender`,`birth_date`,`birth_year`,`mother_tongue`,`referral_source`,`placement_at_end`,`id`) WHERE deleted_at IS NULL AND start_date IS NOT NULL;--> statement-breakpoint
DROP INDEX IF EXISTS `encounters_statistics_idx`;--> statement-breakpoint
CREATE INDEX `encounters_statistics_idx` ON `encounters` (`unit_id`,`channel`,strftime('%Y-%m-%dT%H:%M:%fZ', occurred_at),`client_id`,`anonymous_contact_id`) WHERE deleted_at IS NULL;--> statement-breakpoint
DROP INDEX IF EXISTS `encounters_anonymous_time_idx`;--> statement-breakpoint
CREATE INDEX `encounters_anonymous_time_idx` ON `encounters` (`anonymous_contact_id`,strftime('%Y-%m-%dT%H:%M:%fZ', occurred_at),`unit_id`) WHERE deleted_at IS NULL AND anonymous_contact_id IS NOT NULL;--> statement-breakpoint
DROP INDEX IF EXISTS `situations_start_idx`;--> statement-breakpoint
CREATE INDEX `situations_start_idx` ON `situations` (`client_id`,`date`,`created_at`,`id`,`main_activity`) WHERE phase = 'start' AND deleted_at IS NULL;--> statement-breakpoint
-- A delivery is the figures as sent to a funder (issue 6): refuse every UPDATE and DELETE.
CREATE TRIGGER IF NOT EXISTS `statistics_deliveries_no_update` BEFORE UPDATE ON `statistics_deliveries`
BEGIN
	SELECT RAISE(ABORT, 'statistics_deliveries are frozen');
END;
--> statement-breakpoint
CREATE TRIGGER IF NOT EXISTS `statistics_deliveries_no_delete` BEFORE DELETE ON `statistics_deliveries`
BEGIN
	SELECT RAISE(ABORT, 'statistics_deliveries are frozen');
END;
