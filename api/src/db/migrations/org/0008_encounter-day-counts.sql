CREATE TABLE `encounter_day_counts` (
	`unit_id` text NOT NULL,
	`day` text NOT NULL,
	`channel` text NOT NULL,
	`subject` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`unit_id`, `day`, `channel`, `subject`)
);
--> statement-breakpoint
-- Counts kept by the database itself (issue 6, scale): whatever writes `encounters` — sync, merges,
-- corrections, retention — moves the count in the same transaction. The subject: an encounter of a
-- client counts as `client`, of an anonymous contact only as `anonymous`, otherwise `none`.
CREATE TRIGGER `encounter_day_counts_insert` AFTER INSERT ON `encounters` WHEN NEW.deleted_at IS NULL
BEGIN
	INSERT INTO `encounter_day_counts` (`unit_id`, `day`, `channel`, `subject`, `count`)
	VALUES (NEW.unit_id, date(NEW.occurred_at), NEW.channel, CASE WHEN NEW.client_id IS NOT NULL THEN 'client' WHEN NEW.anonymous_contact_id IS NOT NULL THEN 'anonymous' ELSE 'none' END, 1)
	ON CONFLICT (`unit_id`, `day`, `channel`, `subject`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `encounter_day_counts_delete` AFTER DELETE ON `encounters` WHEN OLD.deleted_at IS NULL
BEGIN
	UPDATE `encounter_day_counts` SET `count` = `count` - 1
	WHERE `unit_id` = OLD.unit_id AND `day` = date(OLD.occurred_at) AND `channel` = OLD.channel
		AND `subject` = CASE WHEN OLD.client_id IS NOT NULL THEN 'client' WHEN OLD.anonymous_contact_id IS NOT NULL THEN 'anonymous' ELSE 'none' END;
END;
--> statement-breakpoint
-- Only a change of what is counted moves a count (a client merge, client to client, moves none).
CREATE TRIGGER `encounter_day_counts_update` AFTER UPDATE ON `encounters`
WHEN OLD.deleted_at IS NOT NEW.deleted_at OR OLD.unit_id IS NOT NEW.unit_id OR OLD.occurred_at IS NOT NEW.occurred_at OR OLD.channel IS NOT NEW.channel
	OR (OLD.client_id IS NULL) <> (NEW.client_id IS NULL) OR (OLD.anonymous_contact_id IS NULL) <> (NEW.anonymous_contact_id IS NULL)
BEGIN
	UPDATE `encounter_day_counts` SET `count` = `count` - 1
	WHERE OLD.deleted_at IS NULL AND `unit_id` = OLD.unit_id AND `day` = date(OLD.occurred_at) AND `channel` = OLD.channel
		AND `subject` = CASE WHEN OLD.client_id IS NOT NULL THEN 'client' WHEN OLD.anonymous_contact_id IS NOT NULL THEN 'anonymous' ELSE 'none' END;
	INSERT INTO `encounter_day_counts` (`unit_id`, `day`, `channel`, `subject`, `count`)
	SELECT NEW.unit_id, date(NEW.occurred_at), NEW.channel, CASE WHEN NEW.client_id IS NOT NULL THEN 'client' WHEN NEW.anonymous_contact_id IS NOT NULL THEN 'anonymous' ELSE 'none' END, 1
	WHERE NEW.deleted_at IS NULL
	ON CONFLICT (`unit_id`, `day`, `channel`, `subject`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
-- The encounters already in the file.
INSERT INTO `encounter_day_counts` (`unit_id`, `day`, `channel`, `subject`, `count`)
SELECT `unit_id`, date(`occurred_at`), `channel`, CASE WHEN `client_id` IS NOT NULL THEN 'client' WHEN `anonymous_contact_id` IS NOT NULL THEN 'anonymous' ELSE 'none' END, COUNT(*)
FROM `encounters` WHERE `deleted_at` IS NULL GROUP BY 1, 2, 3, 4;
