"""The screens of the app, one module each: meetings list, setup, live meeting, summary, tracking."""
