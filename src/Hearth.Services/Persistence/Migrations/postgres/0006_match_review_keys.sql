-- An incremental match run withdraws the review questions about each record it resolves again, by source key.
CREATE INDEX match_review_by_left_key ON match_review (left_key);
CREATE INDEX match_review_by_right_key ON match_review (right_key);
