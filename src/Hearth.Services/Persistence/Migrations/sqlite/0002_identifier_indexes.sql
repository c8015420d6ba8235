-- Look up current person records by identifier, as deterministic matching and the portal's search do.
CREATE INDEX person_records_nhs_number ON person_records (nhs_number) WHERE nhs_number IS NOT NULL AND is_current = 1;
CREATE INDEX person_records_upn ON person_records (upn) WHERE upn IS NOT NULL AND is_current = 1;
CREATE INDEX person_records_nino ON person_records (nino) WHERE nino IS NOT NULL AND is_current = 1;
CREATE INDEX events_by_type_and_date ON events (event_type, event_date) WHERE is_current = 1;
