-- The hours ledger never changes and is never deleted.
CREATE TRIGGER hours_transfers_append_only_update BEFORE UPDATE ON hours_transfers
BEGIN SELECT RAISE(ABORT, 'hours transfers are append-only'); END;
CREATE TRIGGER hours_transfers_append_only_delete BEFORE DELETE ON hours_transfers
BEGIN SELECT RAISE(ABORT, 'hours transfers are append-only'); END;
CREATE TRIGGER hours_movements_append_only_update BEFORE UPDATE ON hours_movements
BEGIN SELECT RAISE(ABORT, 'hours movements are append-only'); END;
CREATE TRIGGER hours_movements_append_only_delete BEFORE DELETE ON hours_movements
BEGIN SELECT RAISE(ABORT, 'hours movements are append-only'); END;
