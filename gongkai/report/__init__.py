"""The annual report engine: plain Python, imports nothing from Django."""
