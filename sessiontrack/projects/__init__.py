"""Priority projects: the passport, the workflow, revisions."""
