"""The audit trail: who changed what and when, for state changes outside the declaration
timeline (which audits itself). Written in the caller's transaction."""
