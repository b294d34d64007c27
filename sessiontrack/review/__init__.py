"""Expert review: criteria, assignment, conflicts, scorecards, aggregation, ranking."""
