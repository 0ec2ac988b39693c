-- Why a cancellation happened (src/domain/churn-reasons.ts keys, or 'unknown'), set by enrichment
-- for items typed as cancellations; NULL = not classified yet (the churn report fills those in).
ALTER TABLE items ADD COLUMN churn_reason text;
