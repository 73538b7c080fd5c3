"""fupan's domain: the model and rules of a sales review meeting. Pure Python, no I/O or UI."""
