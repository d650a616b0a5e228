"""Admin ▸ Users: the admins' list of the people who use the console."""
