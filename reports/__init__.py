"""What a person reads after a run: the run summary (and digests), built from the warehouse's marts."""
