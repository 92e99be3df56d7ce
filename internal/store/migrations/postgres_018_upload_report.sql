-- The upload report (issue 15.6): each rejection keeps the kind of problem
-- it is grouped by (intake.RuleOf) and the value it rejects, masked (a BSN
-- as kluis.MaskBSN, never in full); each import keeps the channel it came
-- through (web, api, cli), for the provider's history.
ALTER TABLE rejections ADD COLUMN rule TEXT NOT NULL DEFAULT '';
ALTER TABLE rejections ADD COLUMN value TEXT NOT NULL DEFAULT '';
ALTER TABLE imports ADD COLUMN channel TEXT NOT NULL DEFAULT '';
-- The report's groups as the import counted them (JSON of
-- []model.RejectionGroup), so a report of 200,000 rejections opens without
-- reading them all; '' for imports before it (the report groups the rows).
ALTER TABLE imports ADD COLUMN report_groups TEXT NOT NULL DEFAULT '';
