"""Reference lists shared by every session: national projects and funding sources."""
