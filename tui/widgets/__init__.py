"""The widgets the screens are built from: the workspace tabs, clocks, dialogs, footer, tables and fields."""
