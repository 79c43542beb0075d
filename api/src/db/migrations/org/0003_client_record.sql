CREATE TABLE `attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`kind` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`label` text,
	`sha256` text NOT NULL,
	`cipher` text NOT NULL,
	`version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`change_seq` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attachments_change_seq_idx` ON `attachments` (`change_seq`);--> statement-breakpoint
CREATE INDEX `attachments_client_idx` ON `attachments` (`client_id`);--> statement-breakpoint
CREATE TABLE `client_merges` (
	`id` text PRIMARY KEY NOT NULL,
	`target_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`source_entity` text NOT NULL,
	`source_id` text NOT NULL,
	`moved` text NOT NULL,
	`filled_fields` text NOT NULL,
	`undo_until` text NOT NULL,
	`undone_at` text,
	`undone_by` text,
	`version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`change_seq` integer NOT NULL,
	FOREIGN KEY (`target_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`undone_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `client_merges_change_seq_idx` ON `client_merges` (`change_seq`);--> statement-breakpoint
CREATE INDEX `client_merges_target_idx` ON `client_merges` (`target_id`);--> statement-breakpoint
CREATE INDEX `client_merges_source_idx` ON `client_merges` (`source_id`);--> statement-breakpoint
CREATE TABLE `client_sensitive` (
	`id` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`health` text,
	`substance_use` text,
	`version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`change_seq` integer NOT NULL,
	FOREIGN KEY (`id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `client_sensitive_change_seq_idx` ON `client_sensitive` (`change_seq`);--> statement-breakpoint
CREATE TABLE `client_workers` (
	`client_id` text NOT NULL,
	`user_id` text NOT NULL,
	PRIMARY KEY(`client_id`, `user_id`),
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `client_workers_user_idx` ON `client_workers` (`user_id`);--> statement-breakpoint
CREATE TABLE `consents` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`purpose` text NOT NULL,
	`recipient` text,
	`channel` text,
	`text_version` text NOT NULL,
	`method` text NOT NULL,
	`attachment_id` text,
	`given_at` text NOT NULL,
	`withdrawn_at` text,
	`withdrawn_by` text,
	`withdrawal_recorded_at` text,
	`version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`change_seq` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`withdrawn_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consents_change_seq_idx` ON `consents` (`change_seq`);--> statement-breakpoint
CREATE INDEX `consents_client_idx` ON `consents` (`client_id`);--> statement-breakpoint
CREATE TABLE `field_history` (
	`id` text PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor_id` text NOT NULL,
	`client_id` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`field` text NOT NULL,
	`from_value` text,
	`to_value` text,
	`protection` text NOT NULL,
	`mutation_id` text,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `field_history_client_idx` ON `field_history` (`client_id`,`at`);--> statement-breakpoint
CREATE TABLE `follow_ups` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`months_after` integer NOT NULL,
	`checked_on` text NOT NULL,
	`placement` text NOT NULL,
	`version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`change_seq` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `follow_ups_change_seq_idx` ON `follow_ups` (`change_seq`);--> statement-breakpoint
CREATE INDEX `follow_ups_client_idx` ON `follow_ups` (`client_id`);--> statement-breakpoint
CREATE TABLE `memos` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`date` text NOT NULL,
	`text` text NOT NULL,
	`version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`change_seq` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `memos_change_seq_idx` ON `memos` (`change_seq`);--> statement-breakpoint
CREATE INDEX `memos_client_idx` ON `memos` (`client_id`);--> statement-breakpoint
CREATE TABLE `services` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`change_seq` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `services_change_seq_idx` ON `services` (`change_seq`);--> statement-breakpoint
CREATE INDEX `services_client_idx` ON `services` (`client_id`);--> statement-breakpoint
CREATE TABLE `situations` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`date` text NOT NULL,
	`phase` text NOT NULL,
	`main_activity` text,
	`means_of_living` text,
	`housing` text,
	`arrival_basis` text,
	`version` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`change_seq` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `situations_change_seq_idx` ON `situations` (`change_seq`);--> statement-breakpoint
CREATE INDEX `situations_client_idx` ON `situations` (`client_id`);--> statement-breakpoint
ALTER TABLE `anonymous_contacts` ADD `merged_into` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `birth_date` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `birth_date_estimated` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `clients` ADD `mother_tongue` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `mother_tongue_other` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `phone` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `email` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `street_address` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `postal_code` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `post_office` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `preferred_contact` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `responsible_worker_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `clients` ADD `education_level` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `work_experience` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `special_skills` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `strengths` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `goals` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `family` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `other_background` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `referral_source` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `referral_organisation` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `referral_contact` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `start_date` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `end_date` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `end_reason` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `placement_at_end` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `hetu` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `hetu_index` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `merged_into` text;--> statement-breakpoint
CREATE UNIQUE INDEX `clients_hetu_index_uq` ON `clients` (`hetu_index`) WHERE hetu_index IS NOT NULL AND deleted_at IS NULL;