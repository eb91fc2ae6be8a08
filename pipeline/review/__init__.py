"""Human review of a run's records: a local web app, its SQLite store, and the
reviewed result (see `session.ReviewSession`). `pressfacts review DIR` starts the app."""
