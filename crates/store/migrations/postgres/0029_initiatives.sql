-- The wijkbudget's ledger never changes and is never deleted.
CREATE FUNCTION budget_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER budget_movements_append_only BEFORE UPDATE OR DELETE ON budget_movements
    FOR EACH ROW EXECUTE FUNCTION budget_append_only();
CREATE TRIGGER budget_postings_append_only BEFORE UPDATE OR DELETE ON budget_postings
    FOR EACH ROW EXECUTE FUNCTION budget_append_only();
