"""Demo data: a realistic provincial bloc (tree, members, committees, restructuring history, demo accounts)."""
