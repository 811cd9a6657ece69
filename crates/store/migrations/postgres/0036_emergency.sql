-- Approvals and the emergency budget's ledger never change and are never deleted.
CREATE TRIGGER emergency_approvals_append_only BEFORE UPDATE OR DELETE ON emergency_approvals
    FOR EACH ROW EXECUTE FUNCTION budget_append_only();
CREATE TRIGGER emergency_movements_append_only BEFORE UPDATE OR DELETE ON emergency_movements
    FOR EACH ROW EXECUTE FUNCTION budget_append_only();
CREATE TRIGGER emergency_postings_append_only BEFORE UPDATE OR DELETE ON emergency_postings
    FOR EACH ROW EXECUTE FUNCTION budget_append_only();
