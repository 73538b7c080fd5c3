"""The Textual app, its screens and widgets, and the command line entry point."""
