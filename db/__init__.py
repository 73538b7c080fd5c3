"""SQLite storage: the file opened and migrated (`db.store`), and query functions over core objects.

Reads and writes are plain SQL through `db.store.Store`; sqlite-utils applies the schema's migrations
(`db.schema`), and is loaded only when a file needs them, so opening a current file and working in it
never waits for it.
"""
