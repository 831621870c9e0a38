"""The demo meet's content: plain data and seeded generators (no Flask, no database)."""
