-- One indicator in one year over every place (the national comparison) reads
-- its rows directly instead of every year's.
CREATE INDEX indicator_values_year ON indicator_values (indicator_code, period, place_code);
