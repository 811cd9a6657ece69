-- The hours ledger never changes and is never deleted.
CREATE TRIGGER hours_transfers_append_only BEFORE UPDATE OR DELETE ON hours_transfers
    FOR EACH ROW EXECUTE FUNCTION budget_append_only();
CREATE TRIGGER hours_movements_append_only BEFORE UPDATE OR DELETE ON hours_movements
    FOR EACH ROW EXECUTE FUNCTION budget_append_only();
