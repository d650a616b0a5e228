"""Follow-up tasks (issue 7): the desk's due list and adding a task to a contact."""
