-- The wijkbudget's ledger never changes and is never deleted.
CREATE TRIGGER budget_movements_append_only_update BEFORE UPDATE ON budget_movements
BEGIN SELECT RAISE(ABORT, 'budget movements are append-only'); END;
CREATE TRIGGER budget_movements_append_only_delete BEFORE DELETE ON budget_movements
BEGIN SELECT RAISE(ABORT, 'budget movements are append-only'); END;
CREATE TRIGGER budget_postings_append_only_update BEFORE UPDATE ON budget_postings
BEGIN SELECT RAISE(ABORT, 'budget postings are append-only'); END;
CREATE TRIGGER budget_postings_append_only_delete BEFORE DELETE ON budget_postings
BEGIN SELECT RAISE(ABORT, 'budget postings are append-only'); END;
