"""The home page: the user's sessions and what awaits them in each."""
