"""Partner intake: the staff pages and forms for uploading a referral file, referring one
victim, and deciding on quarantined rows."""
