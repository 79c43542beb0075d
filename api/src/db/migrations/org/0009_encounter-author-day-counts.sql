CREATE TABLE `encounter_author_day_counts` (
	`unit_id` text NOT NULL,
	`day` text NOT NULL,
	`created_by` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`unit_id`, `day`, `created_by`)
);
--> statement-breakpoint
-- As `encounter_day_counts` (migration 0008), per author: the dashboard's encounters by worker.
CREATE TRIGGER `encounter_author_day_counts_insert` AFTER INSERT ON `encounters` WHEN NEW.deleted_at IS NULL
BEGIN
	INSERT INTO `encounter_author_day_counts` (`unit_id`, `day`, `created_by`, `count`)
	VALUES (NEW.unit_id, date(NEW.occurred_at), NEW.created_by, 1)
	ON CONFLICT (`unit_id`, `day`, `created_by`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `encounter_author_day_counts_delete` AFTER DELETE ON `encounters` WHEN OLD.deleted_at IS NULL
BEGIN
	UPDATE `encounter_author_day_counts` SET `count` = `count` - 1
	WHERE `unit_id` = OLD.unit_id AND `day` = date(OLD.occurred_at) AND `created_by` = OLD.created_by;
END;
--> statement-breakpoint
CREATE TRIGGER `encounter_author_day_counts_update` AFTER UPDATE ON `encounters`
WHEN OLD.deleted_at IS NOT NEW.deleted_at OR OLD.unit_id IS NOT NEW.unit_id OR OLD.occurred_at IS NOT NEW.occurred_at OR OLD.created_by IS NOT NEW.created_by
BEGIN
	UPDATE `encounter_author_day_counts` SET `count` = `count` - 1
	WHERE OLD.deleted_at IS NULL AND `unit_id` = OLD.unit_id AND `day` = date(OLD.occurred_at) AND `created_by` = OLD.created_by;
	INSERT INTO `encounter_author_day_counts` (`unit_id`, `day`, `created_by`, `count`)
	SELECT NEW.unit_id, date(NEW.occurred_at), NEW.created_by, 1
	WHERE NEW.deleted_at IS NULL
	ON CONFLICT (`unit_id`, `day`, `created_by`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
INSERT INTO `encounter_author_day_counts` (`unit_id`, `day`, `created_by`, `count`)
SELECT `unit_id`, date(`occurred_at`), `created_by`, COUNT(*)
FROM `encounters` WHERE `deleted_at` IS NULL GROUP BY 1, 2, 3;
