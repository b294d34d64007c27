"""The public catalogue of the projects recommended for the forum, with their QR codes."""
