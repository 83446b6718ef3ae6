"""The task pages under /nhiem-vu/: the list and export (`lists`), giving and updating a task (`tasks`)."""
