-- +goose Up
-- The expiry sweep (duespay.RunExpiry, every minute on every instance) looks for pending
-- online orders past their time; without this index it reads the whole payments table.
CREATE INDEX dues_payments_pending ON dues_payments(status, expires_at);

-- +goose Down
DROP INDEX dues_payments_pending;
