"""SQLite storage through sqlite-utils: schema migrations and query functions over core objects.

sqlite-utils is loaded on first use (`db.store.attach`), not with this package: the app's first frame
— the meetings list — is read through the plain sqlite3 connection, so it does not wait for it.
"""
