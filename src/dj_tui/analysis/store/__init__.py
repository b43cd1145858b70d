"""The store: everything that speaks SQL, the record codec and the full-text index."""
