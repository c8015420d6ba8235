-- Supporting Families results claims (issue 6): a family rule set with claims settings (config/rules/
-- supporting-families.json) has each family's early help episodes judged whenever `hearth score` scores the family.
-- One row per family, rule set and case: its status (claimable, pending, not_claimable), the needs found at the
-- whole-family assessment, each need's outcome tests after closure, and every problem in words, all as JSON. Rows are
-- replaced for the families a run scores, so they always say what the latest run found. next_check is when a pending
-- claim could change with time alone (the next monthly outcome test), so that `hearth score --changed` judges it again.
-- A case is kept once, for the family holding most of the members it names (episode_members): people of one episode
-- can be in different families by now, and a case must not be claimed twice.
-- Advisory: a person checks the case file, and the internal audit decides whether a claim is made.

CREATE TABLE results_claims (
    family_id BIGINT NOT NULL,
    rule_set TEXT NOT NULL,
    rule_version TEXT NOT NULL,
    case_id TEXT NOT NULL,
    episode_members INTEGER NOT NULL,
    status TEXT NOT NULL,
    identified_on TEXT,
    closed_on TEXT,
    claimable_from TEXT,
    next_check TEXT,
    needs TEXT NOT NULL,
    outcomes TEXT NOT NULL,
    problems TEXT NOT NULL,
    tariff DOUBLE PRECISION NOT NULL,
    as_of TEXT NOT NULL,
    run_id BIGINT NOT NULL REFERENCES score_runs (id),
    assessed_at TEXT NOT NULL,
    PRIMARY KEY (family_id, rule_set, case_id)
);
CREATE INDEX results_claims_by_case ON results_claims (rule_set, case_id);
CREATE INDEX results_claims_by_status ON results_claims (rule_set, status);
CREATE INDEX results_claims_next_check ON results_claims (next_check) WHERE next_check IS NOT NULL;
