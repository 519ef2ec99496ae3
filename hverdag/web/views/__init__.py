"""Page views, one module per area. Views parse, call a service or selector, render."""
