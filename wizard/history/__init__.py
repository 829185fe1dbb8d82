"""The history: episodes and their check-ins, kept in one SQLite file in the data folder."""
