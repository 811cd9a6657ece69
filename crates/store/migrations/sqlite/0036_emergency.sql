-- Approvals and the emergency budget's ledger never change and are never deleted.
CREATE TRIGGER emergency_approvals_append_only_update BEFORE UPDATE ON emergency_approvals
BEGIN SELECT RAISE(ABORT, 'emergency approvals are append-only'); END;
CREATE TRIGGER emergency_approvals_append_only_delete BEFORE DELETE ON emergency_approvals
BEGIN SELECT RAISE(ABORT, 'emergency approvals are append-only'); END;
CREATE TRIGGER emergency_movements_append_only_update BEFORE UPDATE ON emergency_movements
BEGIN SELECT RAISE(ABORT, 'emergency movements are append-only'); END;
CREATE TRIGGER emergency_movements_append_only_delete BEFORE DELETE ON emergency_movements
BEGIN SELECT RAISE(ABORT, 'emergency movements are append-only'); END;
CREATE TRIGGER emergency_postings_append_only_update BEFORE UPDATE ON emergency_postings
BEGIN SELECT RAISE(ABORT, 'emergency postings are append-only'); END;
CREATE TRIGGER emergency_postings_append_only_delete BEFORE DELETE ON emergency_postings
BEGIN SELECT RAISE(ABORT, 'emergency postings are append-only'); END;
