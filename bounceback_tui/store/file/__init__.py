"""The database file itself: checking where it lives and who may touch it (`location`),
opening it with the right settings and migrating it (`database`), and turning SQLite's
errors into one line a person can act on (`sqlite_errors`)."""
