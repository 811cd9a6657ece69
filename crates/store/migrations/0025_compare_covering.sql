-- One indicator over every wijk of the country reads only indexes: the wijken
-- from their level (with their names), then each one's value by
-- (indicator, year, place), without visiting the table's rows or the buurten.
DROP INDEX indicator_values_year;
CREATE INDEX indicator_values_year ON indicator_values (indicator_code, period, place_code, value);
CREATE INDEX places_level ON places (level, code, name);
