CREATE TABLE `dimension_scores` (
	`cell_id` text NOT NULL,
	`dimension` text NOT NULL,
	`judgment_id` text NOT NULL,
	`axiom` text NOT NULL,
	`status` text NOT NULL,
	`score` real,
	`rationale` text,
	`error` text,
	PRIMARY KEY(`cell_id`, `dimension`)
);
--> statement-breakpoint
CREATE TABLE `judgments` (
	`cell_id` text PRIMARY KEY NOT NULL,
	`judgment_id` text NOT NULL,
	`status` text NOT NULL,
	`content_digest` text NOT NULL,
	`rubric_id` text NOT NULL,
	`rubric_version` integer NOT NULL,
	`reality` text,
	`judge_profile` text NOT NULL,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`q_score` real,
	`verdict` text,
	`confidence` real,
	`llm_calls` integer DEFAULT 0 NOT NULL,
	`input_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`error_code` text,
	`document` text NOT NULL,
	`created_at` integer NOT NULL,
	`completed_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `judgments_created_idx` ON `judgments` (`created_at`,`cell_id`);--> statement-breakpoint
CREATE INDEX `judgments_verdict_created_idx` ON `judgments` (`verdict`,`created_at`,`cell_id`);--> statement-breakpoint
CREATE INDEX `judgments_reality_created_idx` ON `judgments` (`reality`,`created_at`,`cell_id`);--> statement-breakpoint
CREATE INDEX `judgments_status_updated_idx` ON `judgments` (`status`,`updated_at`);--> statement-breakpoint
CREATE TABLE `reconcile_runs` (
	`scheduled_time` integer PRIMARY KEY NOT NULL,
	`lease_owner` text NOT NULL,
	`lease_expires_at` integer NOT NULL,
	`status` text NOT NULL,
	`checked` integer DEFAULT 0 NOT NULL,
	`redriven` integer DEFAULT 0 NOT NULL,
	`repaired` integer DEFAULT 0 NOT NULL,
	`errors` integer DEFAULT 0 NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE TABLE `rubrics` (
	`id` text NOT NULL,
	`version` integer NOT NULL,
	`definition` text NOT NULL,
	`digest` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`id`, `version`)
);
