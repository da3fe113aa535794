"""Cross-cutting pieces: base layout, legal pages, audit log, participation events, registries."""
